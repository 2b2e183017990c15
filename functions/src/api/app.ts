import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { ZodError } from "zod";
import { badRequest, InvalidFlow, RingflowError } from "../errors.js";
import { strictJsonBody } from "./body.js";
import type { ApiDeps, AppEnv } from "./context.js";
import { toErrorResponse } from "./errors.js";
import { referencePage } from "./reference.js";
import { accessRoutes } from "./routes-access.js";
import { callPcapRoutes } from "./routes-call-pcap.js";
import { flowRoutes } from "./routes-flows.js";
import { liveRoutes } from "./routes-live.js";
import { mailboxRoutes } from "./routes-mailboxes.js";
import { numberRoutes } from "./routes-numbers.js";
import { isUpload, promptRoutes, uploadLimit } from "./routes-prompts.js";
import { HealthSchema } from "./schemas.js";

export const MAX_BODY_BYTES = 350 * 1024;

const PUBLIC = new Set(["/v1/health", "/v1/openapi.json", "/v1/reference"]);

const zodIssues = (error: ZodError) =>
  error.issues.map((i) => ({
    code: i.code,
    path: i.path.map((p) => (typeof p === "number" ? p : String(p))),
    message: i.message,
    severity: "error" as const,
  }));

/**
 * The HTTP API as one hono app: served by `hono/aws-lambda` on Lambda and by @hono/node-server
 * locally. Tenant and role come from the credentials (API key, or the JWT authorizer's claims).
 */
export function createApi(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    // One mapping for body/param validation failures: a flow document that is not a flow is
    // invalid_flow (422, with paths); anything else is bad_request.
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = zodIssues(result.error);
      const isFlowBody = result.target === "json" && /^\/v1\/flows(\/[^/]+)?$/.test(c.req.path);
      throw isFlowBody ? new InvalidFlow(issues) : badRequest(`invalid ${result.target}`, { issues });
    },
  });

  app.onError((err, c) => {
    const { status, body } = toErrorResponse(err, deps.log);
    return c.json(body, status as 400);
  });
  app.notFound((c) => c.json({ error: "not_found", message: `no route ${c.req.method} ${c.req.path}` }, 404));

  // The designer runs on another origin; credentials are bearer tokens, not cookies.
  app.use(
    "*",
    cors({
      origin: "*",
      allowHeaders: ["Authorization", "Content-Type", "If-Match"],
      exposeHeaders: ["ETag", "Location"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    }),
  );

  // A flow is stored as one DynamoDB item (400 KB at most, with its metadata).
  const documentLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new RingflowError("payload_too_large", `bodies are limited to ${MAX_BODY_BYTES} bytes`, 413);
    },
  });
  // Audio uploads have their own, larger cap (routes-prompts.ts).
  app.use("/v1/*", (c, next) => (isUpload(c) ? uploadLimit(c, next) : documentLimit(c, next)));

  app.use("/v1/*", strictJsonBody);

  app.use("/v1/*", async (c, next) => {
    if (!PUBLIC.has(c.req.path) && c.req.method !== "OPTIONS") {
      const principal = await deps.authenticate({
        header: (n) => c.req.header(n),
        lambdaEvent: (c.env as { event?: unknown } | undefined)?.event,
      });
      if (principal) c.set("principal", principal);
    }
    await next();
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/health",
      tags: ["health"],
      summary: "Liveness (no credentials needed)",
      responses: {
        200: {
          description: "the API is up",
          content: { "application/json": { schema: HealthSchema } },
        },
      },
    }),
    (c) => c.json({ ok: true, service: "ringflow-api" }, 200),
  );

  flowRoutes(app, deps);
  liveRoutes(app, deps);
  numberRoutes(app, deps);
  callPcapRoutes(app, deps);
  accessRoutes(app, deps);
  promptRoutes(app, deps);
  mailboxRoutes(app, deps);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API key (rf_...) with role viewer, editor or publisher; on AWS also a Cognito JWT.",
  });
  app.doc31("/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Ringflow API",
      version: "1.0.0",
      description:
        "Flows, versions, numbers, call traces, API keys and customer functions of one tenant (the tenant comes from the credentials).",
    },
  });
  app.get("/v1/reference", (c) => c.html(referencePage("/v1/openapi.json")));
  return app;
}
