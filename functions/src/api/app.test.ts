import { trace } from "../store/contract.js";
import { MemoryStore } from "../store/memory.js";
import { apiOver, auth, keysFor, receptionDoc } from "./testing.js";

let store: MemoryStore;
let app: ReturnType<typeof apiOver>;
let k: Awaited<ReturnType<typeof keysFor>>;

beforeEach(async () => {
  store = new MemoryStore();
  app = apiOver(store);
  k = await keysFor(store, "acme");
  await store.grantNumber("+15550100", "acme");
});

const send = (
  method: string,
  path: string,
  key: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  app.request(path, {
    method,
    headers: auth(key, headers),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

test("health and the OpenAPI 3.1 document need no key; the reference page loads it", async () => {
  expect(await (await app.request("/v1/health")).json()).toMatchObject({ ok: true });
  const spec = (await (await app.request("/v1/openapi.json")).json()) as { openapi: string; paths: object };
  expect(spec.openapi).toBe("3.1.0");
  expect(Object.keys(spec.paths)).toEqual(
    expect.arrayContaining([
      "/v1/health",
      "/v1/validate",
      "/v1/flows",
      "/v1/flows/{id}",
      "/v1/flows/{id}/versions",
      "/v1/flows/{id}/versions/{n}",
      "/v1/flows/{id}/diff",
      "/v1/numbers/{e164}",
      "/v1/numbers",
      "/v1/calls",
      "/v1/calls/{callId}",
    ]),
  );
  const page = await (await app.request("/v1/reference")).text();
  expect(page).toContain("/v1/openapi.json");
  expect(page).not.toMatch(/https?:\/\//);
});

test("without a key, or with an unknown one, every route is 401 with the error shape", async () => {
  const r = await app.request("/v1/flows");
  expect(r.status).toBe(401);
  expect(await r.json()).toEqual({ error: "unauthorized", message: expect.any(String) });
  expect((await send("GET", "/v1/flows", "rf_not-a-key")).status).toBe(401);
});

test("validate stores nothing and reports issues with paths", async () => {
  const doc = receptionDoc();
  expect(await (await send("POST", "/v1/validate", k.viewer, doc)).json()).toEqual({
    valid: true,
    issues: [],
  });
  const broken = {
    ...doc,
    nodes: {
      ...(doc.nodes as object),
      menu: { type: "menu", prompt: { text: "x" }, options: { "1": "nowhere" } },
    },
  };
  const r = (await (await send("POST", "/v1/validate", k.viewer, broken)).json()) as {
    valid: boolean;
    issues: { path: unknown[] }[];
  };
  expect(r.valid).toBe(false);
  expect(r.issues.some((i) => i.path.join(".").startsWith("nodes.menu"))).toBe(true);
  expect(await store.listFlows("acme")).toEqual([]);
});

test("create, read with ETag, save with If-Match, conflict carries the current revision", async () => {
  const created = await send("POST", "/v1/flows", k.editor, receptionDoc());
  expect(created.status).toBe(201);
  const { id, revision } = (await created.json()) as { id: string; revision: number };
  expect(revision).toBe(1);
  const got = await send("GET", `/v1/flows/${id}`, k.viewer);
  expect(got.headers.get("etag")).toBe('"1"');
  expect(((await got.json()) as { flow: unknown }).flow).toEqual(receptionDoc());

  const doc = { ...receptionDoc(), name: "Reception 2" };
  const saved = await send("PUT", `/v1/flows/${id}`, k.editor, doc, { "If-Match": '"1"' });
  expect(saved.status).toBe(200);
  expect(saved.headers.get("etag")).toBe('"2"');

  const stale = await send("PUT", `/v1/flows/${id}`, k.editor, doc, { "If-Match": '"1"' });
  expect(stale.status).toBe(409);
  expect(await stale.json()).toMatchObject({ error: "revision_conflict", currentRevision: 2 });

  expect((await send("PUT", `/v1/flows/${id}`, k.editor, doc)).status).toBe(428);
  expect((await send("PUT", `/v1/flows/nope`, k.editor, doc, { "If-Match": "1" })).status).toBe(409);
});

test("a document that is not a flow is 422 invalid_flow with paths; malformed JSON is 400; no stack leaks", async () => {
  const r = await send("POST", "/v1/flows", k.editor, {
    ...receptionDoc(),
    nodes: { x: { type: "teleport" } },
  });
  expect(r.status).toBe(422);
  const body = (await r.json()) as { error: string; issues: { path: unknown[] }[] };
  expect(body.error).toBe("invalid_flow");
  expect(body.issues[0]?.path).toEqual(["nodes", "x", "type"]);
  const bad = await app.request("/v1/flows", { method: "POST", headers: auth(k.editor), body: "{nope" });
  expect(bad.status).toBe(400);
  const text = await bad.text();
  expect(JSON.parse(text)).toMatchObject({ error: "bad_request" });
  expect(text).not.toMatch(/at .*\.ts:\d+/);
});

test("a draft with graph errors is saved and flagged; publishing it is 422; fixed, it publishes", async () => {
  const doc = receptionDoc() as { nodes: Record<string, unknown> };
  const broken = {
    ...doc,
    nodes: {
      ...doc.nodes,
      support: { type: "forward", mode: "redirect", targets: [{ uri: "not a uri" }], answered: "ghost" },
    },
  };
  const created = await send("POST", "/v1/flows?id=rx", k.editor, broken);
  expect(created.status).toBe(201);
  expect(((await created.json()) as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  expect(
    ((await (await send("GET", "/v1/flows/rx", k.viewer)).json()) as { errors: number }).errors,
  ).toBeGreaterThan(0);
  const pub = await send("POST", "/v1/flows/rx/versions", k.publisher, { message: "go" });
  expect(pub.status).toBe(422);
  expect(await pub.json()).toMatchObject({ error: "invalid_flow", issues: expect.any(Array) });
  await send("PUT", "/v1/flows/rx", k.editor, doc, { "If-Match": "1" });
  const ok = await send("POST", "/v1/flows/rx/versions", k.publisher, { message: "go" });
  expect(ok.status).toBe(201);
  expect(await ok.json()).toEqual({ version: 1 });
});

test("roles: a viewer cannot write, an editor cannot publish or bind", async () => {
  expect((await send("POST", "/v1/flows", k.viewer, receptionDoc())).status).toBe(403);
  await send("POST", "/v1/flows?id=r", k.editor, receptionDoc());
  const r = await send("POST", "/v1/flows/r/versions", k.editor, {});
  expect(r.status).toBe(403);
  expect(await r.json()).toMatchObject({ error: "forbidden" });
  expect((await send("PUT", "/v1/numbers/+15550100", k.editor, { flowId: "r" })).status).toBe(403);
});

test("versions: publish, list, read, diff (layout ignored); bind latest or pinned; rollback by pointing back", async () => {
  await send("POST", "/v1/flows?id=r", k.editor, receptionDoc());
  await send("POST", "/v1/flows/r/versions", k.publisher, { message: "first" });
  const doc = receptionDoc() as {
    nodes: Record<string, Record<string, unknown>>;
    layout: Record<string, unknown>;
  };
  doc.nodes.menu = { ...doc.nodes.menu, prompt: { text: "Press 1 for sales." } };
  doc.layout.start = { x: 999, y: 999 };
  await send("PUT", "/v1/flows/r", k.editor, doc, { "If-Match": "1" });
  expect((await send("POST", "/v1/flows/r/versions", k.publisher, { message: "second" })).status).toBe(201);

  const list = (await (await send("GET", "/v1/flows/r/versions", k.viewer)).json()) as {
    versions: { version: number; message: string }[];
  };
  expect(list.versions.map((v) => [v.version, v.message])).toEqual([
    [1, "first"],
    [2, "second"],
  ]);
  const v1 = (await (await send("GET", "/v1/flows/r/versions/1", k.viewer)).json()) as { flow: unknown };
  expect(v1.flow).toEqual(receptionDoc());
  expect((await send("GET", "/v1/flows/r/versions/9", k.viewer)).status).toBe(404);
  const diff = await (await send("GET", "/v1/flows/r/diff?from=1&to=2", k.viewer)).json();
  expect(diff).toEqual({
    from: 1,
    to: 2,
    added: [],
    removed: [],
    changed: [{ id: "menu", fields: ["prompt"] }],
    document: [],
  });

  const bound = await send("PUT", "/v1/numbers/+15550100", k.publisher, { flowId: "r", version: 2 });
  expect(await bound.json()).toMatchObject({ number: "+15550100", flowId: "r", version: 2 });
  await send("PUT", "/v1/numbers/+15550100", k.publisher, { flowId: "r", version: 1 });
  expect(await (await send("GET", "/v1/numbers", k.viewer)).json()).toMatchObject({
    numbers: [{ number: "+15550100", flowId: "r", version: 1 }],
  });
  expect((await send("PUT", "/v1/numbers/+15550100", k.publisher, { flowId: "r", version: 7 })).status).toBe(
    404,
  );
  expect((await send("PUT", "/v1/numbers/5550100", k.publisher, { flowId: "r" })).status).toBe(400);

  // A published flow is archived, not erased, and only by a publisher; never while a number runs it.
  expect((await send("DELETE", "/v1/flows/r", k.editor)).status).toBe(403);
  const del = await send("DELETE", "/v1/flows/r", k.publisher);
  expect(del.status).toBe(409);
  expect(await del.json()).toMatchObject({ error: "number_in_use", numbers: ["+15550100"] });
  expect((await send("DELETE", "/v1/numbers/+15550100", k.publisher)).status).toBe(204);
  expect((await send("DELETE", "/v1/flows/r", k.publisher)).status).toBe(204);
  expect(await (await send("GET", "/v1/flows/r", k.viewer)).json()).toMatchObject({
    archivedAt: expect.any(String),
  });
  expect((await send("GET", "/v1/flows/r/versions/1", k.viewer)).status).toBe(200);
});

test("calls: listed newest first with a cursor, and read whole", async () => {
  const now = Date.now();
  for (let i = 0; i < 3; i++)
    await store.putTrace(trace("acme", `c${i}`, now - 1000 * (3 - i)), now / 1000 + 3600);
  const p1 = (await (await send("GET", "/v1/calls?limit=2", k.viewer)).json()) as {
    calls: { callId: string }[];
    cursor: string;
  };
  expect(p1.calls.map((c) => c.callId)).toEqual(["c2", "c1"]);
  const p2 = (await (await send("GET", `/v1/calls?limit=2&cursor=${p1.cursor}`, k.viewer)).json()) as {
    calls: { callId: string }[];
    cursor?: string;
  };
  expect(p2.calls.map((c) => c.callId)).toEqual(["c0"]);
  expect(p2.cursor).toBeUndefined();
  const one = (await (await send("GET", "/v1/calls/c1", k.viewer)).json()) as {
    path: string[];
    sip: unknown[];
  };
  expect(one.path).toEqual(["start", "fwd"]);
  expect(one.sip).toHaveLength(1);
  expect((await send("GET", "/v1/calls?cursor=garbage!", k.viewer)).status).toBe(400);
});

test("a body over the item-size budget is 413 payload_too_large", async () => {
  const huge = { ...receptionDoc(), description: "x".repeat(400 * 1024) };
  const r = await send("POST", "/v1/flows", k.editor, huge);
  expect(r.status).toBe(413);
  expect(await r.json()).toMatchObject({ error: "payload_too_large" });
});
