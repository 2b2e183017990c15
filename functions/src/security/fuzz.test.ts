// Every route of the OpenAPI document, fuzzed with requests built from its parameters (fixed
// seed, bounded count): hostile path and query values, hand-made cursors, huge or malformed
// If-Match, bodies that are not JSON, not UTF-8, deeply nested, or valid documents with fields
// broken. Against DynamoDB (dynalite), where a malformed key or cursor reaches a real store.
// Every answer is a 2xx or a 4xx with an error code: never a 5xx.
import { auth, receptionDoc } from "../api/testing.js";
import { type SecurityFixture, securityFixture } from "./fixture.js";

let fx: SecurityFixture;
beforeAll(async () => {
  fx = await securityFixture();
}, 60_000);
afterAll(() => fx?.close());

/** mulberry32: a small seeded generator, so every run sends the same requests. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

const HOSTILE = [
  "",
  "0",
  "-1",
  "1e309",
  "9007199254740993",
  "99999999999999999999999",
  "__proto__",
  "..",
  "%ff%fe",
  "a".repeat(300),
  "\u{1F4A9}",
  "+15550300",
  "+15550301",
  "k_000000000000",
  "f#1",
  "draft",
  "1",
  "ringflow-decision",
  "ringflow-customer-alpha-x",
  "ringflow-customer-beta-vip",
  "alphaflow",
  "betaflow",
  "beta-call",
];

const CURSORS = [
  "!!!",
  b64("not json"),
  b64([]),
  b64({}),
  b64({ gsi1pk: "T#alpha#CALLS" }),
  b64({ gsi1pk: "T#alpha#CALLS", gsi1sk: "x", pk: "CALL#x", sk: "TRACE" }),
  b64({ gsi1pk: "T#alpha#CALLS", gsi1sk: 1, pk: { S: "x" }, sk: "TRACE" }),
  b64({ gsi1pk: "T#beta#CALLS", gsi1sk: "000000000000001#beta-call", pk: "CALL#beta-call", sk: "TRACE" }),
  b64({ gsi1pk: "T#alpha#CALLS", gsi1sk: `000000000000001#${"x".repeat(2000)}`, pk: "CALL#x", sk: "TRACE" }),
  b64({ gsi1pk: "T#alpha#CALLS", gsi1sk: "000000000000001#c", pk: "CALL#c", sk: "TRACE", extra: 1 }),
  b64({ t: "alpha", o: "x" }),
];

const IF_MATCH = [
  '"1"',
  '"2"',
  "9007199254740993",
  `"${"9".repeat(400)}"`,
  "1".repeat(17),
  '"99999999999999999999"',
  'W/"1"',
  "abc",
  "",
  '"-1"',
  '"1", "2"',
  "*",
];

function brokenDoc(r: ReturnType<typeof rng>): unknown {
  const doc = receptionDoc() as Record<string, unknown>;
  const nodes = doc.nodes as Record<string, Record<string, unknown>>;
  const ids = Object.keys(nodes);
  const id = r.pick(ids);
  switch (r.int(8)) {
    case 0:
      nodes[id] = { ...nodes[id], type: r.pick(["nope", 1, null]) };
      break;
    case 1:
      doc.entry = r.pick(HOSTILE);
      break;
    case 2:
      nodes.__proto__placeholder = { type: "hangup" };
      return JSON.parse(JSON.stringify(doc).replace('"__proto__placeholder"', '"__proto__"'));
    case 3:
      doc.settings = {
        trunkHost: r.pick(HOSTILE),
        limits: { maxSteps: r.pick([0, -1, 2 ** 53 + 2, 10_000]) },
      };
      break;
    case 4:
      nodes[id] = { ...nodes[id], next: r.pick(ids.concat(HOSTILE)) };
      break;
    case 5:
      nodes[r.pick(HOSTILE) || "x"] = {
        type: "switch",
        cases: [{ when: { subject: "caller", op: "matches", value: "(a+)+$\\1" } }],
      };
      break;
    case 6:
      doc.version = r.pick([2, "1", null]);
      break;
    default:
      break;
  }
  return doc;
}

function body(r: ReturnType<typeof rng>): { body?: string | Uint8Array; type?: string } {
  switch (r.int(14)) {
    case 0:
      return {};
    case 1:
      return { body: "{not json", type: "application/json" };
    case 2:
      return {
        body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        type: "application/json",
      };
    case 3:
      return { body: `${"[".repeat(5000)}${"]".repeat(5000)}`, type: "application/json" };
    case 4:
      return { body: JSON.stringify(r.pick([null, 1, "x", [], true, { a: 1 }])), type: "application/json" };
    case 5:
      return { body: JSON.stringify(brokenDoc(r)), type: r.pick(["application/json", "text/plain"]) };
    case 6:
      return {
        body: JSON.stringify({ role: r.pick(["publisher", "admin", 1]), name: r.pick(HOSTILE) }),
        type: "application/json",
      };
    case 7:
      return {
        body: JSON.stringify({
          flowId: r.pick(HOSTILE),
          version: r.pick([0, -1, 1e12, "draft", "latest", 1.5, "1"]),
        }),
        type: "application/json",
      };
    case 8:
      return { body: JSON.stringify({ message: "x".repeat(r.pick([10, 600])) }), type: "application/json" };
    default:
      return { body: JSON.stringify(receptionDoc()), type: "application/json" };
  }
}

type Op = { method: string; path: string; params: { name: string; in: string }[] };
type Req = {
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  type?: string;
};

/** A request that gets past every lookup of `op` (tenant alpha's own things, a publisher's key). */
function baseline(op: Op): Req {
  const valid: Record<string, string> = {
    id: op.path.startsWith("/v1/keys") ? fx.a.keyId : fx.a.flowId,
    e164: fx.a.number,
    n: "1",
    callId: fx.a.callId,
    name: fx.a.fn,
  };
  const path = Object.fromEntries(
    op.params.filter((p) => p.in === "path").map((p) => [p.name, valid[p.name] ?? "x"]),
  );
  const query: Record<string, string> = op.path.endsWith("/diff") ? { from: "1", to: "draft" } : {};
  const bodies: Record<string, unknown> = {
    "POST /v1/keys": { role: "viewer", name: "fuzz" },
    "PUT /v1/numbers/{e164}": { flowId: fx.a.flowId },
    "POST /v1/flows/{id}/versions": { message: "fuzz" },
  };
  const key = `${op.method} ${op.path}`;
  const doc = ["POST /v1/flows", "PUT /v1/flows/{id}", "POST /v1/validate"].includes(key)
    ? receptionDoc()
    : bodies[key];
  const headers: Record<string, string> = auth(fx.a.keys.publisher);
  if (key === "PUT /v1/flows/{id}") headers["If-Match"] = '"1"';
  return {
    path,
    query,
    headers,
    ...(doc !== undefined ? { body: JSON.stringify(doc), type: "application/json" } : {}),
  };
}

async function send(op: Op, req: Req): Promise<string | undefined> {
  const url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(req.path[name] ?? ""));
  const qs = new URLSearchParams(req.query).toString();
  const headers = { ...req.headers };
  if (req.type) headers["Content-Type"] = req.type;
  else delete headers["Content-Type"];
  const res = await fx.app.request(`${url}${qs ? `?${qs}` : ""}`, {
    method: op.method,
    headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  const text = await res.text();
  const what = `${op.method} ${url}?${qs} If-Match=${headers["If-Match"] ?? "-"} body=${String(req.body).slice(0, 60)}`;
  if (res.status >= 500) return `${what} -> ${res.status} ${text.slice(0, 120)}`;
  if (res.status >= 400 && typeof (JSON.parse(text) as { error?: unknown }).error !== "string")
    return `${what} -> ${res.status} without an error code`;
  return undefined;
}

test("no route answers a 5xx, whatever it is sent (fixed seed, bounded)", async () => {
  const spec = (await (await fx.app.request("/v1/openapi.json")).json()) as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  };
  const ops: Op[] = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
    })),
  );
  expect(ops.length).toBeGreaterThanOrEqual(20);
  const r = rng(20261204);
  const keys = [fx.a.keys.viewer, fx.a.keys.editor, fx.a.keys.publisher, fx.b.keys.publisher, "rf_forged"];
  const failures: string[] = [];
  let sent = 0;
  const check = async (op: Op, req: Req) => {
    sent++;
    const f = await send(op, req);
    if (f) failures.push(f);
  };
  for (const op of ops) {
    const base = baseline(op);
    // One thing wrong at a time, from a request that would otherwise succeed...
    for (const p of op.params) {
      // Every cursor; a seeded dozen of the hostile values per parameter (CI time is shared).
      const values =
        p.in === "query" && p.name === "cursor" ? CURSORS : HOSTILE.filter(() => r.next() < 0.45);
      for (const v of values) {
        if (p.in === "path") await check(op, { ...base, path: { ...base.path, [p.name]: v } });
        else if (p.in === "query") await check(op, { ...base, query: { ...base.query, [p.name]: v } });
      }
    }
    for (const v of IF_MATCH) await check(op, { ...base, headers: { ...base.headers, "If-Match": v } });
    if (["POST", "PUT", "PATCH"].includes(op.method))
      for (let i = 0; i < 8; i++) await check(op, { ...base, ...body(r) });
    // ...then a few things wrong at once, and every kind of key.
    for (let i = 0; i < 4; i++) {
      const req: Req = { ...base, headers: { ...base.headers, ...auth(r.pick(keys)) } };
      for (const p of op.params)
        if (r.next() < 0.5)
          (p.in === "path" ? req.path : req.query)[p.name] =
            p.name === "cursor" ? r.pick(CURSORS) : r.pick(HOSTILE);
      if (r.next() < 0.5) req.headers["If-Match"] = r.pick(IF_MATCH);
      await check(
        op,
        ["POST", "PUT", "PATCH"].includes(op.method) && r.next() < 0.7 ? { ...req, ...body(r) } : req,
      );
    }
  }
  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(300);
}, 120_000);
