import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { LiveCallList } from "@ringflow/flow/api";
import { type ApiDeps, type AppEnv, requireRole } from "./context.js";

// Calls in progress. Registered before `/v1/calls/{callId}` so that `live` is not read as a call id.

export function liveRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/calls/live",
      tags: ["calls"],
      summary:
        "Calls in progress, oldest first: the node each is at now (written by the decision function at every step), until the call ends",
      security: [{ bearer: [] }],
      responses: {
        200: {
          content: { "application/json": { schema: LiveCallList } },
          description: "the tenant's calls in progress, and the server's clock",
        },
      },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const calls = deps.live ? await deps.live.listLiveCalls(p.tenantId) : [];
      return c.json({ calls: calls.map(({ tenantId: _t, ...call }) => call), now: Date.now() }, 200);
    },
  );
}
