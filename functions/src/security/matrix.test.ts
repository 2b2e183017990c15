// The tenant x role x route matrix, over every operation the OpenAPI document lists: without a
// key every route but health is 401; each role below the route's is 403; the route's role and
// above get past authorization; and no key of tenant alpha reaches anything of tenant beta.
// A new route fails this test until it is classified below.
import { auth, receptionDoc } from "../api/testing.js";
import type { Role } from "../store/types.js";
import { type SecurityFixture, securityFixture } from "./fixture.js";

const NEEDS: Record<string, Role | "public"> = {
  "GET /v1/health": "public",
  "POST /v1/validate": "viewer",
  "GET /v1/flows": "viewer",
  "POST /v1/flows": "editor",
  "GET /v1/flows/{id}": "viewer",
  "PUT /v1/flows/{id}": "editor",
  "DELETE /v1/flows/{id}": "editor",
  "POST /v1/flows/{id}/versions": "publisher",
  "GET /v1/flows/{id}/versions": "viewer",
  "GET /v1/flows/{id}/versions/{n}": "viewer",
  "GET /v1/flows/{id}/diff": "viewer",
  "GET /v1/numbers": "viewer",
  "PUT /v1/numbers/{e164}": "publisher",
  "DELETE /v1/numbers/{e164}": "publisher",
  "GET /v1/calls": "viewer",
  "GET /v1/calls/{callId}": "viewer",
  "GET /v1/calls/{callId}/pcap": "viewer",
  "GET /v1/calls/live": "viewer",
  "POST /v1/keys": "publisher",
  "GET /v1/keys": "publisher",
  "DELETE /v1/keys/{id}": "publisher",
  "GET /v1/functions": "viewer",
  "PUT /v1/functions/{name}": "publisher",
  "DELETE /v1/functions/{name}": "publisher",
  "GET /v1/prompts": "viewer",
  "POST /v1/prompts": "editor",
  "DELETE /v1/prompts": "editor",
  "GET /v1/prompts/audio": "viewer",
  "POST /v1/prompts/listen": "viewer",
  "GET /v1/mailboxes": "viewer",
  "GET /v1/mailboxes/{mailbox}/messages": "viewer",
  "GET /v1/mailboxes/{mailbox}/messages/{id}/audio": "viewer",
  "PATCH /v1/mailboxes/{mailbox}/messages/{id}": "editor",
  "DELETE /v1/mailboxes/{mailbox}/messages/{id}": "editor",
  "PUT /v1/webhooks/voicemail": "publisher",
  "GET /v1/webhooks/voicemail": "publisher",
  "DELETE /v1/webhooks/voicemail": "publisher",
};
const ROLES: Role[] = ["viewer", "editor", "publisher"];
const rank = (r: Role) => ROLES.indexOf(r);

let fx: SecurityFixture;
let ops: { key: string; method: string; path: string }[];
beforeAll(async () => {
  fx = await securityFixture();
  const spec = (await (await fx.app.request("/v1/openapi.json")).json()) as { paths: Record<string, object> };
  ops = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => ({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path })),
  );
}, 60_000);
afterAll(() => fx?.close());

/** A well-formed request for `op` naming things of `t` (or things that do not exist). */
function request(op: { key: string; method: string; path: string }, names: Record<string, string>) {
  const url = op.path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(names[n] ?? "x"));
  const bodies: Record<string, unknown> = {
    "POST /v1/validate": receptionDoc(),
    "POST /v1/flows": receptionDoc(),
    "PUT /v1/flows/{id}": receptionDoc(),
    "POST /v1/flows/{id}/versions": { message: "m" },
    "PUT /v1/numbers/{e164}": { flowId: names.id ?? "x" },
    "POST /v1/keys": { role: "viewer", name: "matrix" },
  };
  const body = bodies[op.key];
  return {
    url: op.path.endsWith("/diff") ? `${url}?from=1&to=draft` : url,
    init: {
      method: op.method,
      ...(body ? { body: JSON.stringify(body) } : {}),
    },
    headers: (op.key === "PUT /v1/flows/{id}" ? { "If-Match": '"1"' } : {}) as Record<string, string>,
  };
}

test("every documented operation is classified", () => {
  expect(ops.map((o) => o.key).filter((k) => !(k in NEEDS))).toEqual([]);
});

test("no key: 401 everywhere but health; roles below the route's: 403; the route's role and above: past authorization", async () => {
  const nowhere = {
    id: "nosuch",
    e164: "+15550999",
    n: "1",
    callId: "nosuch",
    name: "ringflow-customer-alpha-m",
  };
  const wrong: string[] = [];
  for (const op of ops) {
    const need = NEEDS[op.key];
    const { url, init, headers } = request(
      op,
      op.path.startsWith("/v1/keys") ? { ...nowhere, id: "k_000000000000" } : nowhere,
    );
    const anon = await fx.app.request(url, {
      ...init,
      headers: { "Content-Type": "application/json", ...headers },
    });
    if (need === "public" ? anon.status !== 200 : anon.status !== 401)
      wrong.push(`${op.key} without a key: ${anon.status}`);
    if (need === "public" || need === undefined) continue;
    for (const role of ROLES) {
      const r = await fx.app.request(url, { ...init, headers: auth(fx.a.keys[role], headers) });
      const denied = r.status === 401 || r.status === 403;
      if (rank(role) < rank(need) && r.status !== 403)
        wrong.push(`${op.key} as ${role}: ${r.status}, wanted 403`);
      if (rank(role) >= rank(need) && denied) wrong.push(`${op.key} as ${role}: ${r.status}`);
      if (r.status >= 500) wrong.push(`${op.key} as ${role}: ${r.status}`);
    }
  }
  expect(wrong).toEqual([]);
}, 60_000);

test("no key of tenant alpha, of any role, reaches anything of tenant beta", async () => {
  const b = fx.b;
  const theirs = { id: b.flowId, e164: b.number, n: "1", callId: b.callId, name: b.fn };
  const wrong: string[] = [];
  for (const op of ops.filter((o) => o.path.includes("{"))) {
    const names = op.path.startsWith("/v1/keys") ? { ...theirs, id: b.keyId } : theirs;
    const { url, init, headers } = request(op, names);
    for (const role of ROLES) {
      const r = await fx.app.request(url, { ...init, headers: auth(fx.a.keys[role], headers) });
      const text = await r.text();
      // 403 (role), 404 (not in this tenant), 400 (a name under another tenant's prefix), 409 for a
      // save naming a flow this tenant does not have ("no longer exists"): never success.
      const refused =
        [400, 403, 404].includes(r.status) || (op.key === "PUT /v1/flows/{id}" && r.status === 409);
      if (!refused) wrong.push(`${op.key} as alpha ${role}: ${r.status} ${text.slice(0, 80)}`);
      // Nothing of beta's in the answer (beyond the name the request itself carried).
      if (/"revision":\d|publishedAt|"path":\[|createdAt/.test(text))
        wrong.push(`${op.key} as alpha ${role} shows data`);
    }
  }
  expect(wrong).toEqual([]);
  // Beta is intact.
  expect(await fx.store.getNumber(b.number)).toMatchObject({ tenantId: "beta", flowId: b.flowId });
  expect((await fx.store.listVersions("beta", b.flowId)).length).toBe(1);
  expect((await fx.store.listFunctions("beta")).map((f) => f.name)).toEqual([b.fn]);
  expect((await fx.store.listApiKeys("beta")).map((k) => k.id)).toContain(b.keyId);
  expect(await fx.store.getTrace("beta", b.callId)).toBeDefined();
}, 60_000);
