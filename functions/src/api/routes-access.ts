import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import * as api from "@ringflow/flow/api";
import { issueApiKeyRecord } from "../auth/api-keys.js";
import { badRequest, LastPublisherKey, notFound } from "../errors.js";
import { customerFunctionPrefix, customerFunctionProblem } from "../tenancy.js";
import { type ApiDeps, type AppEnv, requireRole } from "./context.js";
import { ErrorSchema } from "./schemas.js";

// Who may call: the tenant's API keys, and the customer functions its flows may invoke. Both are
// a publisher's to manage (a publisher already decides what live callers reach).

const security = [{ bearer: [] }];
const err = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema } },
  description,
});
const json = <T>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

const KeyIdParam = z.object({
  id: api.KeyId.meta({ param: { name: "id", in: "path" }, example: "k_0123456789ab" }),
});
const FunctionParam = z.object({
  name: api.FunctionName.meta({ param: { name: "name", in: "path" }, example: "ringflow-customer-acme-vip" }),
});

export function accessRoutes(app: OpenAPIHono<AppEnv>, { store, log }: ApiDeps) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/keys",
      tags: ["keys"],
      summary: "Create an API key for this tenant (the secret is in this answer only)",
      security,
      request: {
        body: { required: true, content: { "application/json": { schema: api.CreateKeyRequest } } },
      },
      responses: { 201: json(api.CreatedKey, "created"), 403: err("needs the publisher role") },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      const { role, name } = c.req.valid("json");
      const { id, key } = await issueApiKeyRecord(store, { tenantId: p.tenantId, role, name });
      log?.info({ tenantId: p.tenantId, keyId: id, role, by: p.subject }, "api key created");
      return c.json({ id, key, role, name }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/keys",
      tags: ["keys"],
      summary: "List this tenant's API keys (never their secrets)",
      security,
      responses: {
        200: json(api.KeyList, "the keys"),
        403: err("publisher only"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      const keys = (await store.listApiKeys(p.tenantId)).map(({ id, role, name, createdAt }) => ({
        id,
        role,
        name,
        createdAt,
      }));
      return c.json({ keys }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/keys/{id}",
      tags: ["keys"],
      summary: "Revoke an API key (refused everywhere within the authenticator's cache lifetime, 5 s)",
      security,
      request: { params: KeyIdParam },
      responses: {
        204: { description: "revoked" },
        404: err("no such key in this tenant"),
        409: err("last_publisher_key: the tenant's last publisher key (the tenant would be locked out)"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      const { id } = c.req.valid("param");
      // A tenant without a publisher key could never create keys, publish or bind again (the key
      // in use included: a publisher revoking its own last key locks itself out).
      const keys = await store.listApiKeys(p.tenantId);
      const revoked = keys.find((k) => k.id === id);
      if (!revoked) throw notFound(`key ${id}`);
      if (revoked.role === "publisher" && !keys.some((k) => k.id !== id && k.role === "publisher"))
        throw new LastPublisherKey(id);
      await store.deleteApiKey(p.tenantId, id);
      log?.info({ tenantId: p.tenantId, keyId: id, by: p.subject }, "api key revoked");
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/functions",
      tags: ["functions"],
      summary: "The customer functions this tenant's flows may invoke, and the prefix their names carry",
      security,
      responses: {
        200: json(api.FunctionList, "the functions"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const functions = (await store.listFunctions(p.tenantId)).map(({ name, createdAt }) => ({
        name,
        createdAt,
      }));
      return c.json({ prefix: customerFunctionPrefix(p.tenantId), functions }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/v1/functions/{name}",
      tags: ["functions"],
      summary: "Register a customer function (its name starts with the tenant's prefix)",
      security,
      request: { params: FunctionParam },
      responses: {
        200: json(api.CustomerFunction, "registered"),
        400: err("the name is not under this tenant's prefix"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      const { name } = c.req.valid("param");
      const problem = customerFunctionProblem(p.tenantId, name);
      if (problem) throw badRequest(problem);
      const fn = await store.putFunction(p.tenantId, name);
      return c.json({ name: fn.name, createdAt: fn.createdAt }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/functions/{name}",
      tags: ["functions"],
      summary:
        "Deregister a customer function (flows naming it fail validation; calls take the node's error output)",
      security,
      request: { params: FunctionParam },
      responses: { 204: { description: "deregistered" }, 404: err("not registered") },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      await store.deleteFunction(p.tenantId, c.req.valid("param").name);
      return c.body(null, 204);
    },
  );
}
