import { MemoryStore } from "../store/memory.js";
import { hashApiKey, issueApiKey } from "./api-keys.js";
import { apiKeyAuthenticator, firstOf, jwtClaimsAuthenticator } from "./authenticator.js";

const req = (authorization?: string, lambdaEvent?: unknown) => ({
  header: (n: string) => (n === "authorization" ? authorization : undefined),
  lambdaEvent,
});

test("API keys are stored only as hashes and resolve to tenant and role", async () => {
  const store = new MemoryStore();
  const key = await issueApiKey(store, { tenantId: "acme", role: "editor", name: "ci" });
  expect(key).toMatch(/^rf_[A-Za-z0-9_-]{43}$/);
  expect(await store.getApiKey(key)).toBeUndefined();
  expect(await store.getApiKey(hashApiKey(key))).toMatchObject({ tenantId: "acme" });
  const auth = apiKeyAuthenticator(store);
  expect(await auth(req(`Bearer ${key}`))).toEqual({ tenantId: "acme", role: "editor", subject: "key:ci" });
  expect(await auth(req(`Bearer rf_x`))).toBeUndefined();
  expect(await auth(req(key))).toBeUndefined();
});

test("a known key is cached for the window only; a revoked key stops working after it", async () => {
  const store = new MemoryStore();
  let now = 0;
  const key = await issueApiKey(store, { tenantId: "acme", role: "viewer", name: "k" });
  const auth = apiKeyAuthenticator(store, { cacheMs: 1000, now: () => now });
  expect(await auth(req(`Bearer ${key}`))).toBeDefined();
  (store as unknown as { keys: Map<string, unknown> }).keys.clear();
  now = 999;
  expect(await auth(req(`Bearer ${key}`))).toBeDefined();
  now = 1000;
  expect(await auth(req(`Bearer ${key}`))).toBeUndefined();
});

test("JWT claims from the gateway's authorizer name tenant and role; bad roles are refused", async () => {
  const ev = (claims: Record<string, string>) => ({ requestContext: { authorizer: { jwt: { claims } } } });
  const auth = firstOf(jwtClaimsAuthenticator(), apiKeyAuthenticator(new MemoryStore()));
  expect(
    await auth(req(undefined, ev({ sub: "u", "custom:tenant": "acme", "custom:role": "publisher" }))),
  ).toEqual({
    tenantId: "acme",
    role: "publisher",
    subject: "user:u",
  });
  expect(
    await auth(req(undefined, ev({ sub: "u", "custom:tenant": "acme", "custom:role": "admin" }))),
  ).toBeUndefined();
  expect(await auth(req(undefined, ev({ sub: "u", "custom:role": "viewer" })))).toBeUndefined();
});
