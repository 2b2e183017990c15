// The tenant-isolation matrix: every key of tenant A, of every role, against every route that
// names tenant B's flows, numbers and calls. Nothing of B may be read, changed or deleted.

import { trace } from "../store/contract.js";
import { MemoryStore } from "../store/memory.js";
import type { Role } from "../store/types.js";
import { apiOver, auth, keysFor, receptionDoc } from "./testing.js";

const store = new MemoryStore();
const app = apiOver(store);
let a: Record<Role, string>;
let b: Record<Role, string>;

beforeAll(async () => {
  a = await keysFor(store, "alpha");
  b = await keysFor(store, "beta");
  await store.grantNumber("+15550199", "beta");
  const send = (method: string, path: string, body?: unknown, h: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: auth(b.publisher, h),
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  expect((await send("POST", "/v1/flows?id=bflow", receptionDoc())).status).toBe(201);
  expect((await send("POST", "/v1/flows/bflow/versions", { message: "b" })).status).toBe(201);
  expect((await send("PUT", "/v1/numbers/+15550199", { flowId: "bflow", version: "latest" })).status).toBe(
    200,
  );
  await store.putTrace(trace("beta", "bcall", Date.now()), Date.now() / 1000 + 3600);
});

const doc = receptionDoc();
// Rows always have four cells: jest reads a test function with more parameters than cells as done-style.
const rows: [string, string, unknown?, Record<string, string>?][] = [
  ["GET", "/v1/flows/bflow"],
  ["PUT", "/v1/flows/bflow", doc, { "If-Match": '"1"' }],
  ["DELETE", "/v1/flows/bflow"],
  ["POST", "/v1/flows/bflow/versions", { message: "hijack" }],
  ["GET", "/v1/flows/bflow/versions"],
  ["GET", "/v1/flows/bflow/versions/1"],
  ["GET", "/v1/flows/bflow/diff?from=1&to=draft"],
  ["PUT", "/v1/numbers/+15550199", { flowId: "bflow", version: "latest" }],
  ["DELETE", "/v1/numbers/+15550199"],
  ["GET", "/v1/calls/bcall"],
];
const attempts = rows.map(
  ([m, p, body, h]) => [m, p, body, h] as [string, string, unknown, Record<string, string> | undefined],
);

describe.each(["viewer", "editor", "publisher"] as Role[])("a %s key of tenant alpha", (role) => {
  test.each(attempts)("%s %s touches nothing of beta", async (method, path, body, headers) => {
    const r = await app.request(path, {
      method,
      headers: auth(a[role], headers ?? {}),
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // 403 (role too low), 404 (not in this tenant) or 409 (number owned elsewhere): never success.
    expect([403, 404, 409]).toContain(r.status);
    const text = await r.text();
    expect(text).not.toContain("Reception"); // beta's flow name never leaks
  });

  test("listings show none of beta's flows, numbers or calls", async () => {
    for (const path of ["/v1/flows", "/v1/numbers", "/v1/calls"]) {
      const r = await app.request(path, { headers: auth(a[role]) });
      expect(r.status).toBe(200);
      const text = await r.text();
      expect(text).not.toMatch(/bflow|15550199|bcall/);
    }
  });
});

test("after the matrix, beta's flow, version, number and call are intact", async () => {
  expect(await store.getFlow("beta", "bflow")).toMatchObject({ revision: 1, name: "Reception" });
  expect((await store.listVersions("beta", "bflow")).map((v) => v.message)).toEqual(["b"]);
  expect(await store.getNumber("+15550199")).toMatchObject({ tenantId: "beta", flowId: "bflow" });
  expect(await store.getTrace("beta", "bcall")).toBeDefined();
  expect(await store.listFlows("alpha")).toEqual([]);
});

test("a flow id reused by another tenant is a separate flow", async () => {
  const r = await app.request("/v1/flows?id=bflow", {
    method: "POST",
    headers: auth(a.editor),
    body: JSON.stringify({ ...doc, name: "Alpha's own" }),
  });
  expect(r.status).toBe(201);
  expect((await store.getFlow("beta", "bflow"))?.name).toBe("Reception");
  expect((await store.getFlow("alpha", "bflow"))?.name).toBe("Alpha's own");
});
