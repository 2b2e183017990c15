// The `ringflow` API verbs end to end, as a user runs them: the CLI process -> HTTP -> API ->
// dynalite. Lives here (not in packages/cli) so the CLI does not depend on functions.
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

async function ringflow(...args: string[]): Promise<{ code: number; out: string; json: unknown }> {
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
    return { code: 0, out: r.stdout, json: safeJson(r.stdout) };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout, json: safeJson(e.stdout) };
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
  const [created, list0] = await Promise.all([ringflow("flow", "push", file), ringflow("number", "list")]);
  expect(created).toMatchObject({ code: 0, json: { id: "shop", revision: 1, created: true } });
  expect((list0.json as { numbers: unknown[] }).numbers).toHaveLength(3);
  const updated = await ringflow("flow", "push", file);
  expect(updated.json).toMatchObject({ id: "shop", revision: 2, created: false });
  const pub = await ringflow("publish", "shop", "--message", "first");
  expect(pub.json).toEqual({ flowId: "shop", version: 1 });
  const [bound, flows] = await Promise.all([
    ringflow("number", "bind", "+15550142", "shop", "--version", "1"),
    ringflow("flow", "list"),
  ]);
  expect(bound.json).toMatchObject({ number: "+15550142", flowId: "shop", version: 1 });
  expect((flows.json as { flows: { id: string }[] }).flows.map((f) => f.id)).toContain("shop");
}, 60_000);

test("refusals exit 3 with the API's error; usage errors exit 2", async () => {
  const [missing, bad, noKey] = await Promise.all([
    ringflow("publish", "no-such-flow"),
    ringflow("number", "bind", "+15550142", "shop", "--version", "zero"),
    ringflow("calls", "--key", "rf_wrong"),
  ]);
  expect(missing).toMatchObject({ code: 3, json: { error: "not_found", status: 404 } });
  expect(bad.code).toBe(2);
  expect(noKey).toMatchObject({ code: 3, json: { error: "unauthorized", status: 401 } });
}, 60_000);

test("calls lists traces and call show prints one, or its ladder", async () => {
  const t = trace("demo", "cli-call-1", Date.now());
  await stack.functions.get("ringflow-traces")!({ traces: [t] });
  const [calls, show, ladder] = await Promise.all([
    ringflow("calls", "--limit", "5"),
    ringflow("call", "show", "cli-call-1"),
    ringflow("call", "show", "cli-call-1", "--ladder"),
  ]);
  expect((calls.json as { calls: { callId: string }[] }).calls.map((c) => c.callId)).toEqual(["cli-call-1"]);
  expect(show.json).toMatchObject({ callId: "cli-call-1", path: ["start", "fwd"] });
  expect(ladder.code).toBe(0);
  expect(ladder.out).toContain("INVITE");
  expect(ladder.json).toBeUndefined();
}, 60_000);
