import { randomBytes } from "node:crypto";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  MailboxList,
  MailboxName,
  MarkMessage,
  MessageId,
  MessageList,
  type VoicemailMessage,
  Webhook,
  WebhookRequest,
} from "@ringflow/flow/api";
import type { Context } from "hono";
import { badRequest, notFound, RingflowError } from "../errors.js";
import type { MailboxStore, StoredMessage } from "../store/mailbox.js";
import { type ApiDeps, type AppEnv, requireRole } from "./context.js";
import { ErrorSchema } from "./schemas.js";

// The voicemail inbox: a tenant's mailboxes, their messages (newest first), a message's audio (to
// play, or to download), marking heard, deleting. Messages are written by the decision function
// when the edge reports a recording (record.done).

const security = [{ bearer: [] }];
const err = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema } },
  description,
});
const json = <T>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
// Loose in the schema, checked in the handler: a name that cannot exist is simply not found.
const MsgParams = z.object({
  mailbox: z
    .string()
    .min(1)
    .max(100)
    .meta({ param: { name: "mailbox", in: "path" }, example: "reception" }),
  id: z
    .string()
    .min(1)
    .max(100)
    .meta({ param: { name: "id", in: "path" } }),
});
const known = (mailbox: string, id?: string) =>
  MailboxName.safeParse(mailbox).success && (id === undefined || MessageId.safeParse(id).success);
const view = ({ tenantId: _t, key: _k, ...m }: StoredMessage): VoicemailMessage => m;

export function mailboxRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps) {
  const need = (): MailboxStore => {
    if (!deps.mailboxes) throw new RingflowError("not_configured", "this API keeps no voicemail", 404);
    return deps.mailboxes;
  };
  // Roles before validation: reading is a viewer's, changing an editor's.
  const gate = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    if (c.req.method !== "OPTIONS") requireRole(c, c.req.method === "GET" ? "viewer" : "editor");
    await next();
  };
  app.use("/v1/mailboxes", gate);
  app.use("/v1/mailboxes/*", gate);
  app.use("/v1/webhooks/*", async (c, next) => {
    if (c.req.method !== "OPTIONS") requireRole(c, "publisher");
    await next();
  });

  app.openapi(
    createRoute({
      method: "put",
      path: "/v1/webhooks/voicemail",
      tags: ["voicemail"],
      summary:
        "Announce new voicemail to a URL: a signed POST per message (the secret is in this answer only)",
      security,
      request: { body: { required: true, content: { "application/json": { schema: WebhookRequest } } } },
      responses: { 200: json(Webhook, "set; keep the secret"), 400: err("not an https URL") },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      const { url } = c.req.valid("json");
      const u = new URL(url);
      // Plain http only where internal targets are allowed (the local stack).
      if (u.protocol !== "https:" && !(u.protocol === "http:" && deps.targets?.allowPrivateTargets))
        throw badRequest("the webhook must be an https URL");
      const hook = { url, secret: `whsec_${randomBytes(24).toString("base64url")}` };
      await need().setWebhook(p.tenantId, hook);
      return c.json(hook, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/webhooks/voicemail",
      tags: ["voicemail"],
      summary: "The voicemail webhook's URL (not its secret)",
      security,
      responses: { 200: json(Webhook, "the URL"), 404: err("none set") },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      const hook = await need().getWebhook(p.tenantId);
      if (!hook) throw notFound("voicemail webhook");
      return c.json({ url: hook.url }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/webhooks/voicemail",
      tags: ["voicemail"],
      summary: "Stop announcing new voicemail",
      security,
      responses: { 204: { description: "removed" } },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      await need().setWebhook(p.tenantId, undefined);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/mailboxes",
      tags: ["voicemail"],
      summary: "The tenant's mailboxes that hold messages, with counts",
      security,
      responses: { 200: json(MailboxList, "mailboxes by name") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const counts = new Map<string, { messages: number; unheard: number }>();
      for (const m of await need().listMessages(p.tenantId)) {
        const x = counts.get(m.mailbox) ?? { messages: 0, unheard: 0 };
        x.messages++;
        if (!m.heard) x.unheard++;
        counts.set(m.mailbox, x);
      }
      const mailboxes = [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([mailbox, x]) => ({ mailbox, ...x }));
      return c.json({ mailboxes }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/mailboxes/{mailbox}/messages",
      tags: ["voicemail"],
      summary: "A mailbox's messages, newest first",
      security,
      request: { params: MsgParams.pick({ mailbox: true }) },
      responses: { 200: json(MessageList, "the messages") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const { mailbox } = c.req.valid("param");
      const messages = known(mailbox) ? (await need().listMessages(p.tenantId, mailbox)).map(view) : [];
      return c.json({ messages }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/mailboxes/{mailbox}/messages/{id}/audio",
      tags: ["voicemail"],
      summary: "A message's recording (8 kHz mono WAV); ?download=1 asks the browser to save it",
      security,
      request: {
        params: MsgParams,
        query: z.object({
          download: z
            .enum(["0", "1"])
            .optional()
            .meta({ param: { name: "download", in: "query" } }),
        }),
      },
      responses: {
        200: {
          content: { "audio/wav": { schema: z.string().meta({ format: "binary" }) } },
          description: "the audio",
        },
        404: err("no such message"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const { mailbox, id } = c.req.valid("param");
      const m = known(mailbox, id) ? await need().getMessage(p.tenantId, mailbox, id) : undefined;
      const bucket = deps.media?.recordingBucket;
      if (!m) throw notFound(`message ${id}`);
      if (!deps.media || !bucket)
        throw new RingflowError("not_configured", "this API has no recordings bucket", 404);
      let bytes: Uint8Array;
      try {
        const r = await deps.media.s3.send(new GetObjectCommand({ Bucket: bucket, Key: m.key }));
        bytes = (await r.Body?.transformToByteArray()) ?? new Uint8Array();
      } catch (e) {
        if ((e as { name?: string }).name === "NoSuchKey") throw notFound(`the recording of message ${id}`);
        throw e;
      }
      const headers: Record<string, string> = {
        "Content-Type": "audio/wav",
        "Cache-Control": "private, max-age=300",
      };
      if (c.req.valid("query").download === "1")
        headers["Content-Disposition"] = `attachment; filename="${mailbox}-${id}.wav"`;
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, headers) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/mailboxes/{mailbox}/messages/{id}",
      tags: ["voicemail"],
      summary: "Mark a message heard (or unheard)",
      security,
      request: {
        params: MsgParams,
        body: { required: true, content: { "application/json": { schema: MarkMessage } } },
      },
      responses: { 204: { description: "marked" }, 404: err("no such message") },
    }),
    async (c) => {
      const p = requireRole(c, "editor");
      const { mailbox, id } = c.req.valid("param");
      if (
        !known(mailbox, id) ||
        !(await need().markMessage(p.tenantId, mailbox, id, c.req.valid("json").heard))
      )
        throw notFound(`message ${id}`);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/mailboxes/{mailbox}/messages/{id}",
      tags: ["voicemail"],
      summary: "Delete a message (its recording expires with the bucket's lifecycle)",
      security,
      request: { params: MsgParams },
      responses: { 204: { description: "deleted" }, 404: err("no such message") },
    }),
    async (c) => {
      const p = requireRole(c, "editor");
      const { mailbox, id } = c.req.valid("param");
      if (!known(mailbox, id) || !(await need().deleteMessage(p.tenantId, mailbox, id)))
        throw notFound(`message ${id}`);
      return c.body(null, 204);
    },
  );
}
