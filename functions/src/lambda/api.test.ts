import type { LambdaEvent } from "hono/aws-lambda";
import { handle } from "hono/aws-lambda";
import { createApi } from "../api/app.js";
import { apiKeyAuthenticator, firstOf, jwtClaimsAuthenticator } from "../auth/authenticator.js";
import { MemoryStore } from "../store/memory.js";

// The same app behind hono/aws-lambda, with people authenticated by the JWT authorizer's claims.
const store = new MemoryStore();
const handler = handle(
  createApi({ store, authenticate: firstOf(jwtClaimsAuthenticator(), apiKeyAuthenticator(store)) }),
);

const event = (claims?: Record<string, string>) =>
  ({
    version: "2.0",
    routeKey: "$default",
    rawPath: "/v1/flows",
    rawQueryString: "",
    headers: { host: "api.example" },
    requestContext: {
      accountId: "1",
      apiId: "a",
      domainName: "api.example",
      domainPrefix: "api",
      http: { method: "GET", path: "/v1/flows", protocol: "HTTP/1.1", sourceIp: "1.2.3.4", userAgent: "t" },
      requestId: "r",
      routeKey: "$default",
      stage: "$default",
      time: "",
      timeEpoch: 0,
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
    isBase64Encoded: false,
  }) as unknown as LambdaEvent;

test("on Lambda, verified JWT claims name the tenant and role; without them it is 401", async () => {
  await store.createFlow({ tenantId: "acme", flowId: "f", doc: { name: "A" }, errors: 0, warnings: 0 });
  const ok = await handler(event({ sub: "u1", "custom:tenant": "acme", "custom:role": "viewer" }));
  expect(ok.statusCode).toBe(200);
  expect(JSON.parse(ok.body)).toMatchObject({ flows: [{ id: "f", name: "A" }] });
  expect((await handler(event())).statusCode).toBe(401);
  expect(
    (await handler(event({ sub: "u1", "custom:tenant": "acme", "custom:role": "root" }))).statusCode,
  ).toBe(401);
});
