// The local stack exactly as the README starts it: `npx -y pnpm@12.4.2 start`, then the demo
// calls with SIPp, the traces read back through the API and the CLI, a restart that keeps
// everything, and a stop that leaves nothing listening.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallTrace } from "@ringflow/flow/protocol";
import { describeWithTools, freePort } from "@ringflow/testkit";
import { DEFAULT_PORTS, portNeeds, type StackOptions } from "./local-stack.js";
import { takenPorts } from "./ports.js";

const root = process.cwd();
const README_START = "npx -y pnpm@12.4.2 start";
const api = `http://127.0.0.1:${DEFAULT_PORTS.api}`;

interface Started {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

function startStack(dataDir: string): Started {
  // Its own process group, so stopping it is what Ctrl-C does in a terminal: every process gets the signal.
  const proc = spawn("sh", ["-c", README_START], {
    cwd: root,
    env: { ...process.env, RINGFLOW_DATA_DIR: dataDir, NO_COLOR: "1" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (d) => {
    out += String(d);
  });
  proc.stderr?.on("data", (d) => {
    out += String(d);
  });
  // "close": every process holding the pipes (npx, pnpm, the supervisor, its children) is gone.
  const exited = new Promise<void>((r) => proc.once("close", () => r()));
  return { proc, output: () => out, exited };
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms: number, s?: Started) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}\n${s?.output().slice(-3000) ?? ""}`);
}

/**
 * The ports still taken once they had a moment to be released: a process's pipes can close (which
 * ends `stop`) a moment before its later descriptors, such as its sockets, during its exit.
 */
async function portsStillTaken(dataDir: string) {
  const until = Date.now() + 5000;
  for (;;) {
    const taken = await takenPorts(portNeeds(opts(dataDir)));
    if (taken.length === 0 || Date.now() > until) return taken;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ctrl-C: SIGINT to the whole process group; resolves with everything it printed. */
async function stop(s: Started): Promise<string> {
  if (s.proc.pid && s.proc.exitCode === null) process.kill(-s.proc.pid, "SIGINT");
  await s.exited;
  return s.output();
}

async function sipp(scenario: string, number: string) {
  const localPort = await freePort();
  const mediaPort = await freePort();
  return spawnSync(
    "sipp",
    [
      "-sf",
      join(root, "examples", "sipp", scenario),
      "-s",
      number,
      "-m",
      "1",
      "-p",
      String(localPort),
      "-mp",
      String(mediaPort),
      "-i",
      "127.0.0.1",
      "-timeout",
      "20s",
      "-timeout_error",
      `127.0.0.1:${DEFAULT_PORTS.sip}`,
    ],
    { cwd: tmpdir(), encoding: "utf8", timeout: 30_000 },
  );
}

async function calls(key: string): Promise<CallTrace[]> {
  const res = await fetch(`${api}/v1/calls?limit=50`, { headers: { authorization: `Bearer ${key}` } });
  const body = (await res.json()) as { calls: CallTrace[] };
  return body.calls;
}

async function trace(key: string, id: string): Promise<CallTrace> {
  const res = await fetch(`${api}/v1/calls/${id}`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as CallTrace;
}

const opts = (dataDir: string): StackOptions => ({
  root,
  dataDir,
  ports: DEFAULT_PORTS,
  host: "127.0.0.1",
  reset: false,
  designer: true,
});

describeWithTools(["sipp"], "the local stack as the README starts it", () => {
  jest.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), "ringflow-stack-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test("demo calls are routed and traced; restart keeps data; stop leaves nothing listening", async () => {
    expect(await takenPorts(portNeeds(opts(dataDir)))).toEqual([]);

    const first = startStack(dataDir);
    try {
      await waitFor("the ready block", () => first.output().includes("Ringflow is up"), 150_000, first);
      const key = readFileSync(join(dataDir, "demo-api-key"), "utf8").trim();
      expect(first.output()).toContain(key);
      expect(first.output()).toContain("+15550100");

      const redirect = await sipp("redirected-to-demo.sipp.xml", "+15550101");
      expect({
        status: redirect.status,
        out: redirect.status === 0 ? "" : redirect.stdout + redirect.stderr,
      }).toEqual({
        status: 0,
        out: "",
      });
      const reception = await sipp("reception.sipp.xml", "+15550100");
      expect({
        status: reception.status,
        out: reception.status === 0 ? "" : reception.stdout + reception.stderr,
      }).toEqual({
        status: 0,
        out: "",
      });

      let listed: CallTrace[] = [];
      await waitFor(
        "both traces",
        async () => {
          listed = await calls(key);
          return listed.length >= 2;
        },
        20_000,
        first,
      );
      const byNumber = new Map(listed.map((c) => [c.number, c]));
      const redirected = await trace(key, byNumber.get("+15550101")!.callId);
      expect(redirected).toMatchObject({ outcome: "redirected", finalStatus: 302, flowId: "redirect" });
      expect(redirected.sip.map((m) => m.summary)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^INVITE/), expect.stringMatching(/^302/)]),
      );
      const rec = await trace(key, byNumber.get("+15550100")!.callId);
      expect(rec.flowId).toBe("reception");
      expect(rec.path.slice(0, 2)).toEqual(["start", "hours"]);
      // The edge answered the call itself to play the flow's prompts (or the closed message).
      expect(rec.finalStatus).toBe(200);
      expect(rec.media?.[0]).toMatchObject({ action: "answer" });

      // The CLI reads the same trace and draws its ladder.
      const cli = spawnSync(
        "npx",
        ["-y", "pnpm@12.4.2", "--silent", "ringflow", "call", "show", redirected.callId, "--ladder"],
        { cwd: root, encoding: "utf8", env: { ...process.env, RINGFLOW_KEY: key }, timeout: 60_000 },
      );
      expect(cli.status).toBe(0);
      expect(cli.stdout).toMatch(/INVITE/);
      expect(cli.stdout).toMatch(/302/);
    } finally {
      const out = await stop(first);
      // The edge drained before the supervisor reported the stack stopped.
      expect(out.indexOf('"draining":true')).toBeGreaterThan(-1);
      expect(out.indexOf('"draining":true')).toBeLessThan(out.search(/\[stack\] +stopped/));
    }
    expect(await portsStillTaken(dataDir)).toEqual([]);

    // A restart keeps the tenant, its key and the calls.
    const key = readFileSync(join(dataDir, "demo-api-key"), "utf8").trim();
    const second = startStack(dataDir);
    try {
      await waitFor(
        "the ready block again",
        () => second.output().includes("Ringflow is up"),
        150_000,
        second,
      );
      expect(readFileSync(join(dataDir, "demo-api-key"), "utf8").trim()).toBe(key);
      expect((await calls(key)).length).toBeGreaterThanOrEqual(2);
    } finally {
      expect(await stop(second)).toMatch(/\[stack\] +stopped/);
    }
    expect(await portsStillTaken(dataDir)).toEqual([]);
  });

  test("a taken port is a one-line error naming it", async () => {
    const { createSocket } = await import("node:dgram");
    const holder = createSocket("udp4");
    await new Promise<void>((r) => holder.bind(DEFAULT_PORTS.sip, "127.0.0.1", () => r()));
    try {
      const r = spawnSync("sh", ["-c", README_START], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, RINGFLOW_DATA_DIR: dataDir },
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`port ${DEFAULT_PORTS.sip}/udp on 127.0.0.1 is taken (needed by SIP edge)`);
    } finally {
      holder.close();
    }
  });
});
