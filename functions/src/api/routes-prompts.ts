import { randomBytes } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ListenRequest, PromptItem, PromptList, PromptName } from "@ringflow/flow/api";
import { readWav, WavError, writeWav } from "@ringflow/media";
import { BUCKET_PREFIXES } from "@ringflow/names";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { badRequest, notFound, RingflowError } from "../errors.js";
import { type ApiDeps, type AppEnv, type MediaDeps, requireRole } from "./context.js";
import { ErrorSchema } from "./schemas.js";

// The prompt library and Listen. Uploads are converted to what the edge plays (8 kHz mono 16-bit
// WAV) and kept in the prompts bucket under the tenant's own prefix; the key says the name, so a
// listing needs no second store. Listen renders a text prompt with the server's speech engine (the
// prompts function) and answers the audio a caller will hear.

/** Uploads may be longer than a flow document: about a minute of 44.1 kHz stereo. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** An audio upload (JSON bodies are documents, read by strictJsonBody under the document cap). */
export const isUpload = (c: Context) =>
  c.req.method === "POST" &&
  c.req.path === "/v1/prompts" &&
  !/json/i.test(c.req.header("content-type") ?? "");

export const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: () => {
    throw new RingflowError("payload_too_large", `uploads are limited to ${MAX_UPLOAD_BYTES} bytes`, 413);
  },
});
const WAV_HEADER = 44;

const security = [{ bearer: [] }];
const err = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema } },
  description,
});
const wav = (description: string) => ({
  content: { "audio/wav": { schema: z.string().meta({ format: "binary" }) } },
  description,
});

const uploadsOf = (tenantId: string) => `${BUCKET_PREFIXES.prompts}uploads/${tenantId}/`;
/** `prompts/uploads/<tenant>/<id>/<name with _ for spaces>.wav` -> the item. */
function itemOf(
  tenantId: string,
  o: { Key?: string; Size?: number; LastModified?: Date },
): PromptItem | null {
  const rest = o.Key?.slice(uploadsOf(tenantId).length) ?? "";
  const m = /^[a-z0-9]+\/(.+)\.wav$/.exec(rest);
  if (!o.Key || !m) return null;
  const bytes = o.Size ?? 0;
  return {
    key: o.Key,
    name: (m[1] as string).replace(/_/g, " "),
    bytes,
    audioMs: Math.max(0, (bytes - WAV_HEADER) / 16),
    uploadedAt: (o.LastModified ?? new Date(0)).toISOString(),
  };
}

/** Answers with stored audio (a WAV, 8 kHz mono). */
async function sendAudio(c: Context, media: MediaDeps, key: string) {
  let bytes: Uint8Array;
  try {
    const r = await media.s3.send(new GetObjectCommand({ Bucket: media.promptBucket, Key: key }));
    bytes = (await r.Body?.transformToByteArray()) ?? new Uint8Array();
  } catch (e) {
    if ((e as { name?: string }).name === "NoSuchKey") throw notFound(`prompt ${key}`);
    throw e;
  }
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": "audio/wav",
    "Cache-Control": "private, max-age=300",
  });
}

export function promptRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps) {
  // Not a server fault (no 5xx): this deployment has no prompt library.
  const need = (): MediaDeps => {
    if (!deps.media)
      throw new RingflowError("not_configured", "this API has no prompts bucket configured", 404);
    return deps.media;
  };

  // Roles before validation, so a key without the role learns 403 and nothing about the input.
  const roleOf = (method: string, path: string) =>
    method === "GET" || path === "/v1/prompts/listen" ? "viewer" : "editor";
  const gate = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    if (c.req.method !== "OPTIONS") requireRole(c, roleOf(c.req.method, c.req.path));
    await next();
  };
  app.use("/v1/prompts", gate);
  app.use("/v1/prompts/*", gate);

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/prompts",
      tags: ["prompts"],
      summary: "The tenant's prompt library (uploaded audio)",
      security,
      responses: {
        200: { content: { "application/json": { schema: PromptList } }, description: "newest first" },
      },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const media = need();
      const r = await media.s3.send(
        new ListObjectsV2Command({
          Bucket: media.promptBucket,
          Prefix: uploadsOf(p.tenantId),
          MaxKeys: 1000,
        }),
      );
      const prompts = (r.Contents ?? [])
        .map((o) => itemOf(p.tenantId, o))
        .filter((x): x is PromptItem => x !== null)
        .sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));
      return c.json({ prompts }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/prompts",
      tags: ["prompts"],
      summary: "Upload a WAV prompt (any rate, channels, PCM/A-law/mu-law); stored as 8 kHz mono 16-bit",
      security,
      request: {
        query: z.object({
          name: PromptName.meta({ param: { name: "name", in: "query" }, example: "Welcome" }),
        }),
        body: { required: true, content: { "audio/wav": { schema: z.string().meta({ format: "binary" }) } } },
      },
      responses: {
        201: { content: { "application/json": { schema: PromptItem } }, description: "stored" },
        400: err("bad_audio: not a WAV file this API can read"),
        413: err("payload_too_large"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "editor");
      const media = need();
      const { name } = c.req.valid("query");
      // A JSON body was read (and cached as JSON) by strictJsonBody: an upload is raw audio.
      if (/json/i.test(c.req.header("content-type") ?? ""))
        throw new RingflowError("bad_audio", "send the WAV file itself (Content-Type: audio/wav)", 400);
      let pcm: Int16Array;
      try {
        pcm = readWav(new Uint8Array(await c.req.arrayBuffer())).pcm;
      } catch (e) {
        if (e instanceof WavError) throw new RingflowError("bad_audio", e.message, 400);
        throw e;
      }
      if (pcm.length === 0) throw new RingflowError("bad_audio", "the file holds no audio", 400);
      const body = writeWav(pcm);
      const key = `${uploadsOf(p.tenantId)}${randomBytes(4).toString("hex")}/${name.replace(/ /g, "_")}.wav`;
      await media.s3.send(
        new PutObjectCommand({ Bucket: media.promptBucket, Key: key, Body: body, ContentType: "audio/wav" }),
      );
      const item = itemOf(p.tenantId, {
        Key: key,
        Size: body.length,
        LastModified: new Date(),
      }) as PromptItem;
      return c.json(item, 201);
    },
  );

  const KeyQuery = z.object({
    key: z
      .string()
      .min(1)
      .max(512)
      .meta({ param: { name: "key", in: "query" } }),
  });
  /** A tenant reads its own uploads and the shared rendered speech (keyed by a hash of the text). */
  const readable = (tenantId: string, key: string) =>
    !key.includes("..") &&
    (key.startsWith(uploadsOf(tenantId)) || key.startsWith(`${BUCKET_PREFIXES.prompts}tts/`));

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/prompts/audio",
      tags: ["prompts"],
      summary: "A prompt's audio, as the caller hears it",
      security,
      request: { query: KeyQuery },
      responses: { 200: wav("8 kHz mono 16-bit WAV"), 404: err("no such prompt") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const { key } = c.req.valid("query");
      if (!readable(p.tenantId, key)) throw notFound(`prompt ${key}`);
      return sendAudio(c, need(), key) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/prompts",
      tags: ["prompts"],
      summary: "Remove an uploaded prompt (flows naming it fail validation at the edge's next play)",
      security,
      request: { query: KeyQuery },
      responses: { 204: { description: "removed" }, 404: err("no such prompt") },
    }),
    async (c) => {
      const p = requireRole(c, "editor");
      const { key } = c.req.valid("query");
      if (!key.startsWith(uploadsOf(p.tenantId)) || key.includes("..")) throw notFound(`prompt ${key}`);
      const media = need();
      await media.s3.send(new DeleteObjectCommand({ Bucket: media.promptBucket, Key: key }));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/prompts/listen",
      tags: ["prompts"],
      summary:
        "Render a text prompt with the server's speech engine (the flow's language and voice) and answer its audio",
      security,
      request: { body: { required: true, content: { "application/json": { schema: ListenRequest } } } },
      responses: { 200: wav("the audio the caller will hear"), 404: err("not_configured: no speech engine") },
    }),
    async (c) => {
      requireRole(c, "viewer");
      const media = need();
      if (!media.render)
        throw new RingflowError("not_configured", "this API has no speech engine configured", 404);
      const prompt = c.req.valid("json");
      let key: string;
      try {
        key = await media.render(prompt);
      } catch (e) {
        throw new RingflowError(
          "render_failed",
          `the speech engine failed: ${(e as Error).message}`.slice(0, 300),
          502,
        );
      }
      if (!key) throw badRequest("nothing to render");
      return sendAudio(c, media, key) as never;
    },
  );
}
