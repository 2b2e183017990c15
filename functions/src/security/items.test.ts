// Each finding of the security review as a test of the running pieces (API app and decision
// function over one store), in the review's order. Each failed on the code before this change.
import { apiOver, auth, keysFor, receptionDoc } from "../api/testing.js";
import { createDecisionHandler } from "../decision/handler.js";
import { MemoryStore } from "../store/memory.js";
import type { Role } from "../store/types.js";
import { type SecurityFixture, securityFixture } from "./fixture.js";

// Deployed as on AWS: the edge's own names, internal addresses refused.
const store = new MemoryStore();
const app = apiOver(store, {
  edgeHosts: ["sip.ringflow.test", "203.0.113.10:5060"],
  allowPrivateTargets: false,
});
const invoked: { fn: string; tenantId?: string }[] = [];
const decide = createDecisionHandler({
  store,
  routeTtlMs: 0,
  invokeCustomer: async (fn, req) => {
    invoked.push({ fn, ...(req.tenantId ? { tenantId: req.tenantId } : {}) });
    return { output: "yes" };
  },
});
let a: Record<Role, string>;
let b: Record<Role, string>;

const send = async (
  key: string,
  method: string,
  path: string,
  body?: unknown,
  h: Record<string, string> = {},
) => {
  const r = await app.request(path, {
    method,
    headers: auth(key, h),
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
};
const codes = (r: { body: Record<string, unknown> }) =>
  ((r.body.issues ?? []) as { code: string; severity: string }[])
    .filter((i) => i.severity === "error")
    .map((i) => i.code);

const flowWith = (nodes: Record<string, unknown>, settings: Record<string, unknown> = {}) => ({
  version: 1,
  name: "t",
  entry: "start",
  nodes: { start: { type: "start", next: "n" }, ...nodes },
  settings,
});
const bridgeTo = (uri: string, settings?: Record<string, unknown>) =>
  flowWith(
    {
      n: { type: "forward", mode: "bridge", targets: [{ uri }], busy: "x", noAnswer: "x", failed: "x" },
      x: { type: "hangup" },
    },
    settings,
  );

const newCall = (to: string, from: string) => ({
  v: 1,
  type: "call.new",
  call: {
    id: `c-${Math.random()}`,
    from: `<sip:${from}@198.51.100.7>;tag=1`,
    to: `<sip:${to}@sip.ringflow.test>`,
    requestUri: `sip:${to}@sip.ringflow.test`,
    sourceIp: "198.51.100.7",
    receivedAt: new Date().toISOString(),
    headers: {},
  },
});

beforeAll(async () => {
  a = await keysFor(store, "alpha");
  b = await keysFor(store, "beta");
  for (const n of ["+15550400", "+15550401"]) await store.grantNumber(n, "alpha");
  await store.grantNumber("+15550410", "beta");
});

test("1. a flow that calls back into the edge (its own number, or the edge's address) cannot be published", async () => {
  for (const [doc, code] of [
    [bridgeTo("+15550400"), "call_loop"],
    [bridgeTo("sip:+15550410@sip.ringflow.test"), "call_loop"],
    [bridgeTo("sip:x@203.0.113.10"), "call_loop"],
    [bridgeTo("+15550400", { trunkHost: "sip.ringflow.test" }), "call_loop"],
  ] as const) {
    const created = await send(a.editor, "POST", "/v1/flows", doc);
    expect(created.status).toBe(201);
    expect(codes(created)).toEqual([code]);
    const pub = await send(a.publisher, "POST", `/v1/flows/${created.body.id}/versions`, {});
    expect(pub.status).toBe(422);
  }
  // Through an outside trunk, an own number is an ordinary destination.
  const ok = await send(
    a.editor,
    "POST",
    "/v1/flows",
    bridgeTo("+15550400", { trunkHost: "trunk.example.com" }),
  );
  expect(codes(ok)).toEqual([]);
});

test("2. a pattern that needs backtracking is refused; a nested quantifier runs in linear time on a hostile From", async () => {
  const sw = (value: string) =>
    flowWith({
      n: {
        type: "switch",
        cases: [{ when: { subject: "caller", op: "matches", value }, next: "x" }],
        default: "x",
      },
      x: { type: "hangup", status: 486 },
    });
  expect(codes(await send(a.editor, "POST", "/v1/flows", sw("^(\\+1)\\1")))).toEqual(["invalid_pattern"]);
  const created = await send(a.editor, "POST", "/v1/flows?id=regex", sw("^(a+)+$"));
  expect(codes(created)).toEqual([]);
  expect((await send(a.publisher, "POST", "/v1/flows/regex/versions", {})).status).toBe(201);
  expect((await send(a.publisher, "PUT", "/v1/numbers/+15550401", { flowId: "regex" })).status).toBe(200);
  const t = performance.now();
  for (let i = 0; i < 20; i++) await decide(newCall("+15550401", `${"a".repeat(29 + i * 10)}!`));
  expect(performance.now() - t).toBeLessThan(1000); // a backtracking engine: ~4 s for the first alone
});

test("3. a flow may invoke only its tenant's registered functions; the request names the tenant", async () => {
  expect((await send(a.publisher, "PUT", "/v1/functions/ringflow-customer-alpha-vip")).status).toBe(200);
  expect((await send(b.publisher, "PUT", "/v1/functions/ringflow-customer-alpha-vip")).status).toBe(400);
  expect((await send(b.publisher, "PUT", "/v1/functions/ringflow-decision")).status).toBe(400);
  expect((await send(a.editor, "PUT", "/v1/functions/ringflow-customer-alpha-x")).status).toBe(403);
  const ask = (fn: string) =>
    flowWith({
      n: { type: "decision", function: fn, routes: { yes: "x" }, error: "x", timeout: "x" },
      x: { type: "hangup" },
    });
  for (const fn of [
    "ringflow-customer-alpha-vip",
    "arn:aws:lambda:us-east-1:1:function:ringflow-customer-alpha-vip",
    "ringflow-customer-alpha-vip:live",
    "ringflow-traces",
  ])
    expect(codes(await send(b.editor, "POST", "/v1/flows", ask(fn)))).toEqual(["unregistered_function"]);
  expect(
    codes(await send(a.editor, "POST", "/v1/flows?id=asks", ask("ringflow-customer-alpha-vip"))),
  ).toEqual([]);
  expect((await send(a.publisher, "POST", "/v1/flows/asks/versions", {})).status).toBe(201);
  expect((await send(a.publisher, "PUT", "/v1/numbers/+15550400", { flowId: "asks" })).status).toBe(200);
  await decide(newCall("+15550400", "+15550001"));
  expect(invoked).toEqual([{ fn: "ringflow-customer-alpha-vip", tenantId: "alpha" }]);
});

test("5. only publishing changes what live callers reach: no From-matched test callers, test numbers are a publisher's", async () => {
  await send(a.publisher, "POST", "/v1/flows?id=live", bridgeTo("sip:published@pbx.example.com"));
  expect((await send(a.publisher, "POST", "/v1/flows/live/versions", {})).status).toBe(201);
  expect((await send(a.publisher, "PUT", "/v1/numbers/+15550401", { flowId: "live" })).status).toBe(200);
  const draft = { ...bridgeTo("sip:draft@pbx.example.com"), settings: { testCallers: ["+15550999"] } };
  const saved = await send(a.editor, "PUT", "/v1/flows/live", draft, { "If-Match": '"1"' });
  expect(saved.status).toBe(200);
  const spoofed = await decide(newCall("+15550401", "+15550999"));
  expect(JSON.stringify(spoofed.actions)).toContain("published@");
  expect(
    (await send(a.editor, "PUT", "/v1/numbers/+15550401", { flowId: "live", version: "draft" })).status,
  ).toBe(403);
});

test("6. a number must be granted before it is bound, and the refusal tells nothing of who holds it", async () => {
  await send(b.publisher, "POST", "/v1/flows?id=bf", bridgeTo("sip:b@pbx.example.com"));
  await send(b.publisher, "POST", "/v1/flows/bf/versions", {});
  const taken = await send(b.publisher, "PUT", "/v1/numbers/+15550400", { flowId: "bf" }); // alpha's
  const free = await send(b.publisher, "PUT", "/v1/numbers/+15550499", { flowId: "bf" }); // nobody's
  expect([taken.status, free.status]).toEqual([404, 404]);
  expect(taken.body.error).toBe("number_not_granted");
  expect({ ...taken.body, message: "" }).toEqual({ ...free.body, message: "" });
  expect((await send(b.publisher, "DELETE", "/v1/numbers/+15550400")).status).toBe(404);
  expect((await send(b.publisher, "PUT", "/v1/numbers/+15550410", { flowId: "bf" })).status).toBe(200);
});

test("7. deleting a published flow archives it (publisher only) and keeps every version", async () => {
  await send(a.publisher, "POST", "/v1/flows?id=hist", bridgeTo("sip:h@pbx.example.com"));
  await send(a.publisher, "POST", "/v1/flows/hist/versions", {});
  expect((await send(a.editor, "DELETE", "/v1/flows/hist")).status).toBe(403);
  expect((await send(a.publisher, "DELETE", "/v1/flows/hist")).status).toBe(204);
  expect((await send(a.viewer, "GET", "/v1/flows/hist/versions/1")).status).toBe(200);
  expect(
    (await send(a.editor, "PUT", "/v1/flows/hist", bridgeTo("sip:h2@pbx.example.com"), { "If-Match": '"1"' }))
      .body.error,
  ).toBe("flow_archived");
  // A never-published draft is still the editor's to delete.
  await send(a.editor, "POST", "/v1/flows?id=scratch", bridgeTo("sip:s@pbx.example.com"));
  expect((await send(a.editor, "DELETE", "/v1/flows/scratch")).status).toBe(204);
});

test("9-10. bad input is a 4xx: huge If-Match, hand-made cursors, invalid UTF-8, __proto__ keys", async () => {
  const put = (ifMatch: string) =>
    send(a.editor, "PUT", "/v1/flows/live", bridgeTo("sip:z@pbx.example.com"), { "If-Match": ifMatch });
  for (const v of ['"9007199254740993"', `"${"9".repeat(400)}"`]) expect((await put(v)).status).toBe(428);
  const cursor = Buffer.from(JSON.stringify({ gsi1pk: "T#alpha#CALLS", pk: 1 })).toString("base64url");
  expect((await send(a.viewer, "GET", `/v1/calls?cursor=${cursor}`)).status).toBe(400);
  const bad = await app.request("/v1/flows", {
    method: "POST",
    headers: auth(a.editor),
    body: Buffer.concat([
      Buffer.from('{"version":1,"name":"'),
      Buffer.from([0xff, 0xfe, 0xfd]),
      Buffer.from('"}'),
    ]),
  });
  expect(bad.status).toBe(400);
  const proto = JSON.stringify(receptionDoc()).replace(
    '"nodes":{',
    '"nodes":{"__proto__":{"type":"hangup"},',
  );
  const r = await app.request("/v1/flows", { method: "POST", headers: auth(a.editor), body: proto });
  expect(r.status).toBe(400);
});

test("10. bridge targets at loopback, private or link-local addresses are refused", async () => {
  for (const uri of ["sip:x@127.0.0.1:5070", "sip:x@10.0.0.8", "sip:x@169.254.169.254:80", "sip:x@[fe80::1]"])
    expect(codes(await send(a.editor, "POST", "/v1/flows", bridgeTo(uri)))).toEqual(["internal_target"]);
});

describe("8. delete racing bind, on DynamoDB (dynalite)", () => {
  let fx: SecurityFixture;
  beforeAll(async () => {
    fx = await securityFixture();
  }, 60_000);
  afterAll(() => fx?.close());

  test("20 races of DELETE flow against PUT number: never a number bound to a deleted flow", async () => {
    const k = fx.a.keys.publisher;
    const call = (method: string, path: string, body?: unknown) =>
      fx.app.request(path, { method, headers: auth(k), ...(body ? { body: JSON.stringify(body) } : {}) });
    let deletes = 0;
    let binds = 0;
    for (let i = 0; i < 20; i++) {
      const n = `+155504${String(50 + i)}`;
      await fx.store.grantNumber(n, "alpha");
      const id = `race${i}`;
      expect((await call("POST", `/v1/flows?id=${id}`, bridgeTo("sip:r@pbx.example.com"))).status).toBe(201);
      const [del, bind] = await Promise.all([
        call("DELETE", `/v1/flows/${id}`),
        call("PUT", `/v1/numbers/${n}`, { flowId: id, version: "draft" }),
      ]);
      if (del.status === 204) deletes++;
      if (bind.status === 200) binds++;
      const binding = await fx.store.getNumber(n);
      if (binding?.flowId === id) expect(await fx.store.getFlow("alpha", id)).toBeDefined();
      expect(del.status < 500 && bind.status < 500).toBe(true);
    }
    expect(deletes + binds).toBeGreaterThanOrEqual(20);
  }, 60_000);
});

test("keys: revoking the tenant's last publisher key (the key in use included) is 409 last_publisher_key", async () => {
  const fresh = await keysFor(store, "gamma");
  const list = async () =>
    (await send(fresh.publisher, "GET", "/v1/keys")).body.keys as { id: string; role: string }[];
  const only = (await list()).find((k) => k.role === "publisher")!;
  // The key in use is the tenant's only publisher key: revoking it would lock the tenant out.
  const refused = await send(fresh.publisher, "DELETE", `/v1/keys/${only.id}`);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ error: "last_publisher_key" });
  expect((await list()).map((k) => k.id)).toContain(only.id);
  // Other roles' keys go as before, and a publisher key goes once another exists.
  const editor = (await list()).find((k) => k.role === "editor")!;
  expect((await send(fresh.publisher, "DELETE", `/v1/keys/${editor.id}`)).status).toBe(204);
  const second = await send(fresh.publisher, "POST", "/v1/keys", { role: "publisher", name: "rotation" });
  expect(second.status).toBe(201);
  expect((await send(second.body.key as string, "DELETE", `/v1/keys/${only.id}`)).status).toBe(204);
  // Now the new key is the last one, and it is the one in use.
  const last = await send(second.body.key as string, "DELETE", `/v1/keys/${second.body.id}`);
  expect(last.status).toBe(409);
  expect(last.body).toMatchObject({ error: "last_publisher_key" });
  // A key that is gone is not found, as before.
  expect((await send(second.body.key as string, "DELETE", `/v1/keys/${only.id}`)).status).toBe(404);
});
