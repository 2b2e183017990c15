import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { notFound } from "../errors.js";
import type { NumberBinding } from "../store/types.js";
import { type ApiDeps, type AppEnv, requireRole } from "./context.js";
import {
  BindBody,
  CallPageSchema,
  CallTraceSchema,
  E164,
  ErrorSchema,
  NumberList,
  NumberSchema,
} from "./schemas.js";

const security = [{ bearer: [] }];
const err = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema } },
  description,
});
const json = <T>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const view = ({ tenantId: _t, ...b }: NumberBinding) => b;

export function numberRoutes(app: OpenAPIHono<AppEnv>, { store }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "put",
      path: "/v1/numbers/{e164}",
      tags: ["numbers"],
      summary:
        "Point a number granted to the tenant at a flow (latest published, a pinned version, or the draft for a test number; rollback is pointing back)",
      security,
      request: {
        params: z.object({ e164: E164 }),
        body: { required: true, content: { "application/json": { schema: BindBody } } },
      },
      responses: {
        200: json(NumberSchema, "bound"),
        404: err("no such flow or version in this tenant, or number_not_granted"),
        409: err("flow_archived"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      const { e164 } = c.req.valid("param");
      const { flowId, version } = c.req.valid("json");
      if (!(await store.getFlow(p.tenantId, flowId))) throw notFound(`flow ${flowId}`);
      if (typeof version === "number" && !(await store.getVersion(p.tenantId, flowId, version)))
        throw notFound(`version ${version} of flow ${flowId}`);
      const b = await store.bindNumber({ number: e164, tenantId: p.tenantId, flowId, version });
      return c.json(view(b), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/numbers",
      tags: ["numbers"],
      summary: "List the tenant's numbers (granted, and the flow each is bound to)",
      security,
      responses: { 200: json(NumberList, "the numbers") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      return c.json({ numbers: (await store.listNumbers(p.tenantId)).map(view) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/numbers/{e164}",
      tags: ["numbers"],
      summary: "Take a number off its flow (the number stays granted to the tenant)",
      security,
      request: { params: z.object({ e164: E164 }) },
      responses: { 204: { description: "unbound" }, 404: err("the tenant has no such bound number") },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      await store.unbindNumber(p.tenantId, c.req.valid("param").e164);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/calls",
      tags: ["calls"],
      summary: "Recent calls, newest first",
      security,
      request: {
        query: z.object({
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(100)
            .default(20)
            .openapi({ param: { name: "limit", in: "query" } }),
          cursor: z
            .string()
            .max(2000)
            .optional()
            .openapi({ param: { name: "cursor", in: "query" } }),
        }),
      },
      responses: { 200: json(CallPageSchema, "a page of calls; pass cursor back for the next") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const { limit, cursor } = c.req.valid("query");
      const page = await store.listCalls(p.tenantId, { limit, ...(cursor ? { cursor } : {}) });
      return c.json(
        {
          calls: page.calls.map(({ tenantId: _t, ...s }) => s),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/calls/{callId}",
      tags: ["calls"],
      summary: "A call's trace: its path through the flow, decisions with latency, SIP messages",
      security,
      request: {
        params: z.object({
          callId: z
            .string()
            .min(1)
            .max(128)
            .openapi({ param: { name: "callId", in: "path" } }),
        }),
      },
      responses: { 200: json(CallTraceSchema, "the trace"), 404: err("no such call (or expired)") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const id = c.req.valid("param").callId;
      const t = await store.getTrace(p.tenantId, id);
      if (!t) throw notFound(`call ${id}`);
      return c.json(t, 200);
    },
  );
}
