// The `ringflow` API verbs end to end: the CLI (in this process, and once as the real command)
// -> HTTP -> API -> dynalite. Lives here (not in packages/cli) so the CLI does not depend on functions.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { trace } from "../store/contract.js";
import { type LocalStack, startLocalStack } from "./stack.js";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "ringflow-cli-"));
const receptionFile = join(process.cwd(), "examples", "reception.flow.json");
let stack: LocalStack;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  stack = await startLocalStack({ dataDir, receptionFile, inMemory: true });
  env = { ...process.env, RINGFLOW_API: stack.urls.api, RINGFLOW_KEY: stack.seed!.apiKey };
}, 30_000);
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The CLI in this process (its dispatcher and verbs, real HTTP to the stack), stdout captured. */
async function ringflow(...args: string[]): Promise<{ code: number; out: string; json: unknown }> {
  const { main } = await import("../../../packages/cli/src/main.js");
  let out = "";
  const write = process.stdout.write;
  const log = console.log;
  const saved = { api: process.env.RINGFLOW_API, key: process.env.RINGFLOW_KEY };
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  console.log = (...a: unknown[]) => {
    out += `${a.join(" ")}\n`;
  };
  process.env.RINGFLOW_API = env.RINGFLOW_API;
  process.env.RINGFLOW_KEY = env.RINGFLOW_KEY;
  try {
    const code = await main(args);
    return { code, out, json: safeJson(out) };
  } finally {
    process.stdout.write = write;
    console.log = log;
    process.env.RINGFLOW_API = saved.api;
    process.env.RINGFLOW_KEY = saved.key;
    if (saved.api === undefined) delete process.env.RINGFLOW_API;
    if (saved.key === undefined) delete process.env.RINGFLOW_KEY;
  }
}

/** The real command as a user types it (one spawn: it is slow under tsx). */
async function ringflowProcess(...args: string[]): Promise<{ code: number; json: unknown }> {
  const cli = join(process.cwd(), "packages", "cli", "src", "main.ts");
  try {
    const r = await run(
      process.execPath,
      ["--import", "tsx", "--conditions=@ringflow/source", cli, ...args],
      {
        env,
        cwd: process.cwd(),
      },
    );
    return { code: 0, json: safeJson(r.stdout) };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, json: safeJson(e.stdout) };
  }
}
const safeJson = (s: string) => {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
};

test("push (create, then update with the revision read), publish, bind, list", async () => {
  const file = join(dataDir, "shop.flow.json");
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      name: "Shop",
      entry: "s",
      nodes: { s: { type: "start", next: "h" }, h: { type: "hangup" } },
    }),
  );
  const created = await ringflow("flow", "push", file);
  const list0 = await ringflowProcess("number", "list");
  expect(list0.code).toBe(0);
  expect(created).toMatchObject({ code: 0, json: { id: "shop", revision: 1, created: true } });
  expect((list0.json as { numbers: unknown[] }).numbers).toHaveLength(3);
  const updated = await ringflow("flow", "push", file);
  expect(updated.json).toMatchObject({ id: "shop", revision: 2, created: false });
  const pub = await ringflow("publish", "shop", "--message", "first");
  expect(pub.json).toEqual({ flowId: "shop", version: 1 });
  await stack.store.grantNumber("+15550142", "demo");
  const bound = await ringflow("number", "bind", "+15550142", "shop", "--version", "1");
  const flows = await ringflow("flow", "list");
  expect(bound.json).toMatchObject({ number: "+15550142", flowId: "shop", version: 1 });
  expect((flows.json as { flows: { id: string }[] }).flows.map((f) => f.id)).toContain("shop");
}, 60_000);

test("refusals exit 3 with the API's error; usage errors exit 2", async () => {
  const missing = await ringflow("publish", "no-such-flow");
  const bad = await ringflow("number", "bind", "+15550142", "shop", "--version", "zero");
  const noKey = await ringflow("calls", "--key", "rf_wrong");
  expect(missing).toMatchObject({ code: 3, json: { error: "not_found", status: 404 } });
  expect(bad.code).toBe(2);
  expect(noKey).toMatchObject({ code: 3, json: { error: "unauthorized", status: 401 } });
}, 60_000);

test("calls lists traces and call show prints one, or its ladder", async () => {
  const t = trace("demo", "cli-call-1", Date.now());
  await stack.store.putTrace(t, Date.now() / 1000 + 3600);
  const calls = await ringflow("calls", "--limit", "5");
  const show = await ringflow("call", "show", "cli-call-1");
  const ladder = await ringflow("call", "show", "cli-call-1", "--ladder");
  expect((calls.json as { calls: { callId: string }[] }).calls.map((c) => c.callId)).toEqual(["cli-call-1"]);
  expect(show.json).toMatchObject({ callId: "cli-call-1", path: ["start", "fwd"] });
  expect(ladder.code).toBe(0);
  expect(ladder.out).toContain("INVITE");
  expect(ladder.json).toBeUndefined();
}, 60_000);

test("calls --live lists the calls in progress with their node; the warm-up calls left none", async () => {
  expect(await ringflow("calls", "--live")).toMatchObject({ code: 0, json: { calls: [] } });
  const decide = stack.functions.get("ringflow-decision")!;
  const call = {
    id: "cli-live-1",
    from: "<sip:+15550199@127.0.0.1>;tag=1",
    to: "<sip:+15550100@127.0.0.1>",
    requestUri: "sip:+15550100@127.0.0.1:5060",
    sourceIp: "127.0.0.1",
    receivedAt: new Date().toISOString(),
    headers: {},
  };
  const a = (await decide({ v: 1, type: "call.new", call })) as { state: string };
  const live = await ringflow("calls", "--live");
  expect(live.code).toBe(0);
  // Open or closed by the clock: the menu, or the closed message, of the reception flow.
  expect((live.json as { calls: unknown[] }).calls).toEqual([
    expect.objectContaining({
      callId: "cli-live-1",
      flowId: "reception",
      node: expect.stringMatching(/^(menu|closed-msg)$/),
    }),
  ]);
  expect((await ringflow("calls", "--live", "--limit", "2")).code).toBe(2);
  await decide({ v: 1, type: "call.ended", call, state: a.state, data: { by: "caller" } });
  expect(await ringflow("calls", "--live")).toMatchObject({ code: 0, json: { calls: [] } });
}, 60_000);

test("operators create tenants and grant numbers; publishers manage keys and functions", async () => {
  const db = ["--dynamodb", stack.urls.dynamodb];
  const tenant = await ringflow("admin", "tenant", "create", "clitenant", ...db);
  expect(tenant).toMatchObject({ code: 0, json: { tenantId: "clitenant", role: "publisher" } });
  expect((await ringflow("admin", "tenant", "create", "clitenant", ...db)).json).toMatchObject({
    error: "tenant_exists",
  });
  expect((await ringflow("admin", "tenant", "create", "bad-id", ...db)).code).toBe(2);
  const publisher = (tenant.json as { key: string }).key;
  expect((await ringflow("admin", "number", "grant", "+15550160", "clitenant", ...db)).code).toBe(0);
  // Held by the demo tenant: refused, to the operator only.
  expect((await ringflow("admin", "number", "grant", "+15550100", "clitenant", ...db)).json).toMatchObject({
    error: "number_taken",
  });
  const made = await ringflow("key", "create", "--role", "editor", "--name", "ci", "--key", publisher);
  expect(made.json).toMatchObject({ role: "editor", name: "ci", id: expect.stringMatching(/^k_/) });
  const { id, key } = made.json as { id: string; key: string };
  const listed = await ringflow("key", "list", "--key", publisher);
  expect(JSON.stringify(listed.json)).not.toContain(key);
  expect((listed.json as { keys: { id: string }[] }).keys.map((k) => k.id)).toContain(id);
  expect((await ringflow("key", "list", "--key", key)).json).toMatchObject({ error: "forbidden" });
  expect(
    (await ringflow("function", "register", "ringflow-customer-clitenant-vip", "--key", publisher)).code,
  ).toBe(0);
  expect(
    (await ringflow("function", "register", "ringflow-decision", "--key", publisher)).json,
  ).toMatchObject({
    error: "bad_request",
  });
  expect((await ringflow("function", "list", "--key", key)).json).toMatchObject({
    prefix: "ringflow-customer-clitenant-",
    functions: [{ name: "ringflow-customer-clitenant-vip" }],
  });
  expect((await ringflow("key", "revoke", id, "--key", publisher)).json).toEqual({ id, revoked: true });
}, 60_000);
