// GET /v1/calls/live over the real decision handler: a call in progress of tenant beta is listed
// for beta's keys with the node it is at, never for alpha's, and leaves the list when it ends.
import { LiveCallList } from "@ringflow/flow/api";
import { apiKeyAuthenticator } from "../auth/authenticator.js";
import { createDecisionHandler } from "../decision/handler.js";
import { MemoryLiveCallStore } from "../store/live.js";
import { MemoryStore } from "../store/memory.js";
import type { Role } from "../store/types.js";
import { createApi } from "./app.js";
import { auth, keysFor, LOCAL_TARGETS, receptionDoc } from "./testing.js";

// Monday 2026-11-23 10:00 in New York: the reception flow's office is open, the call waits at the menu.
const OPEN = Date.parse("2026-11-23T15:00:00Z");
const store = new MemoryStore(() => OPEN);
const live = new MemoryLiveCallStore(() => OPEN);
const app = createApi({ store, authenticate: apiKeyAuthenticator(store), targets: LOCAL_TARGETS, live });
const decide = createDecisionHandler({
  store,
  live,
  now: () => OPEN,
  routeTtlMs: 0,
  targets: { edgeHosts: LOCAL_TARGETS.edgeHosts, allowPrivateTargets: true },
});
let a: Record<Role, string>;
let b: Record<Role, string>;
const call = {
  id: "beta-call-1",
  from: "<sip:+15550009@10.0.0.9>;tag=x",
  to: "<sip:+15550199@127.0.0.1>",
  requestUri: "sip:+15550199@127.0.0.1:5060",
  sourceIp: "10.0.0.9",
  receivedAt: new Date(OPEN - 12_000).toISOString(),
  headers: {},
};

beforeAll(async () => {
  a = await keysFor(store, "alpha");
  b = await keysFor(store, "beta");
  await store.grantNumber("+15550199", "beta");
  const send = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: auth(b.publisher),
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  expect((await send("POST", "/v1/flows?id=bflow", receptionDoc())).status).toBe(201);
  expect((await send("POST", "/v1/flows/bflow/versions", { message: "b" })).status).toBe(201);
  expect((await send("PUT", "/v1/numbers/+15550199", { flowId: "bflow", version: "latest" })).status).toBe(
    200,
  );
});

const list = async (key: string) => {
  const r = await app.request("/v1/calls/live", { headers: auth(key) });
  expect(r.status).toBe(200);
  return LiveCallList.parse(await r.json());
};

test("a call in progress is listed for its tenant's keys with its node, never for another tenant's; its end removes it", async () => {
  const first = await decide({ v: 1, type: "call.new", call });
  expect(first.actions.map((x) => x.type)).toContain("collect");
  for (const role of ["viewer", "editor", "publisher"] as const) {
    const mine = await list(b[role]);
    expect(mine.calls).toEqual([
      {
        callId: "beta-call-1",
        flowId: "bflow",
        version: 1,
        from: call.from,
        to: call.to,
        number: "+15550199",
        node: "menu",
        nodeLabel: "Main menu",
        nodeType: "menu",
        waiting: "collect",
        startedAt: OPEN - 12_000,
        updatedAt: OPEN,
      },
    ]);
    expect(mine.now).toEqual(expect.any(Number));
    const r = await app.request("/v1/calls/live", { headers: auth(a[role]) });
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(JSON.parse(text).calls).toEqual([]);
    expect(text).not.toContain("beta-call-1");
  }
  expect((await app.request("/v1/calls/live")).status).toBe(401);
  await decide({ v: 1, type: "call.ended", call, state: first.state, data: { by: "caller" } });
  expect((await list(b.viewer)).calls).toEqual([]);
});

test("the route is in the OpenAPI document, and `live` is never read as a call id", async () => {
  const doc = (await (await app.request("/v1/openapi.json")).json()) as {
    paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    components: { schemas: Record<string, unknown> };
  };
  expect(doc.paths["/v1/calls/live"]?.get?.responses["200"]).toBeDefined();
  expect(doc.components.schemas.LiveCallList).toBeDefined();
  expect(doc.components.schemas.LiveCall).toBeDefined();
  // Without a live store (an API deployed before it) the list is empty, not an error.
  const bare = createApi({ store, authenticate: apiKeyAuthenticator(store) });
  const r = await bare.request("/v1/calls/live", { headers: auth(b.viewer) });
  expect(r.status).toBe(200);
  expect(((await r.json()) as { calls: unknown[] }).calls).toEqual([]);
});
