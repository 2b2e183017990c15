import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { CallTrace, DecisionEvent } from "@ringflow/flow/protocol";
import { describeWithTools, freePort } from "@ringflow/testkit";
import { bundleEdge } from "../src/bundle.js";
import { type InvokeStub, startInvokeStub } from "./invoke-server.js";
import { killAllSipp, type SippRun, sipp } from "./sipp.js";

// The edge as a fleet: Kamailio's dispatcher (examples/kamailio/dispatcher.cfg) in front of
// three edge processes, as an NLB or a dispatcher tier is on AWS. Calls spread over the edges;
// every in-dialog request reaches the edge that owns the dialog; an edge drained with SIGTERM
// gets no new calls (the dispatcher's OPTIONS probe sees its 503) while its own calls finish;
// an edge killed with SIGKILL loses only its own calls and new calls go to the others.

jest.setTimeout(240_000);
const run = promisify(execFile);

interface EdgeProc {
  name: string;
  proc: ChildProcess;
  port: number;
  health: number;
  stub: InvokeStub;
  exited: Promise<number | null>;
  /** Everything it printed on stdout (the ready line, the draining line, the final stats line). */
  out: () => string;
}

interface Health {
  callsInProgress: number;
  refused: { draining: number };
}

const dir = mkdtempSync(join(tmpdir(), "ringflow-fleet-"));
const bundle = join(dir, "edge.mjs");
const edges: EdgeProc[] = [];
let kamailio: ChildProcess | undefined;
/** Where the edges bridge calls to (the callee SIPp of the current phase). */
let callee = "";

async function startEdge(name: string): Promise<EdgeProc> {
  const stub = await startInvokeStub((e: DecisionEvent) => ({
    answer:
      e.type === "call.new"
        ? { actions: [{ type: "bridge", targets: [{ uri: `sip:bob@${callee}` }] }], state: "" }
        : { actions: [], state: "" },
  }));
  const port = await freePort();
  const health = await freePort();
  const proc = spawn(
    process.execPath,
    [bundle, "--listen", `127.0.0.1:${port}`, "--invoke-endpoint", stub.url, "--health-port", String(health)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  let out = "";
  proc.stdout?.on("data", (d) => {
    out += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const seen = () => {
      if (out.includes('"ready"')) {
        proc.stdout?.off("data", seen);
        resolve();
      }
    };
    proc.stdout?.on("data", seen);
    proc.on("exit", () => reject(new Error(`edge ${name} exited before ready: ${out}`)));
  });
  return { name, proc, port, health, stub, exited, out: () => out };
}

/** The stats an edge printed when it stopped (after a drain), from its last line. */
function stoppedStats(e: EdgeProc): Health & { stopped: boolean } {
  const line = e
    .out()
    .split("\n")
    .find((l) => l.includes('"stopped"'));
  if (!line) throw new Error(`edge ${e.name} printed no stopped line: ${e.out().slice(-2000)}`);
  return JSON.parse(line) as Health & { stopped: boolean };
}

async function health(e: EdgeProc): Promise<Health> {
  return (await (await fetch(`http://127.0.0.1:${e.health}/health`)).json()) as Health;
}

/**
 * Polls (every 50 ms, up to `ms`) until `check` holds; the wait is on observed state, not time.
 * Kamailio's dispatcher state is only observable this way (kamcmd); the limit is generous for a
 * loaded box, and each check is on something monotonic (counts that only grow, states that stay).
 */
async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The dispatcher's view of each edge by port: "AP" active, "IP" inactive (both probing). */
async function dispatcherStates(): Promise<Map<number, string>> {
  const { stdout } = await run("kamcmd", ["-s", `unix:${join(dir, "ctl.sock")}`, "dispatcher.list"]);
  const states = new Map<number, string>();
  for (const m of stdout.matchAll(/URI: sip:127\.0\.0\.1:(\d+)\s+FLAGS: (\w+)/g))
    states.set(Number(m[1]), m[2] as string);
  return states;
}

const callNews = (e: EdgeProc) => e.stub.events.filter((x) => x.type === "call.new").length;

/** SIPp's cumulative Successful/Failed call counts from its final statistics screen. */
function counts(r: SippRun): { ok: number; failed: number } {
  const n = (label: string) =>
    Number(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(r.output())?.[1]);
  return { ok: n("Successful call"), failed: n("Failed call") };
}

describeWithTools(["sipp", "kamailio", "kamcmd"], "an edge fleet behind Kamailio's dispatcher", () => {
  let proxy = "";

  beforeAll(async () => {
    await bundleEdge({ entry: join(process.cwd(), "edge", "src", "main.ts"), outfile: bundle });
    for (const name of ["A", "B", "C"]) edges.push(await startEdge(name));
    writeFileSync(join(dir, "dispatcher.list"), edges.map((e) => `1 sip:127.0.0.1:${e.port} 0 0\n`).join(""));
    const kport = await freePort();
    proxy = `127.0.0.1:${kport}`;
    kamailio = spawn(
      "kamailio",
      [
        "-f",
        join(process.cwd(), "examples", "kamailio", "dispatcher.cfg"),
        "-DD",
        "-E",
        "-m",
        "64",
        "-M",
        "8",
        "-Y",
        dir,
        "-P",
        join(dir, "kamailio.pid"),
        "-l",
        `udp:${proxy}`,
        "-A",
        `DS_LIST="${join(dir, "dispatcher.list")}"`,
        "-A",
        `CTL_SOCKET="unix:${join(dir, "ctl.sock")}"`,
      ],
      // Its own process group: Kamailio forks workers, and cleanup must end them all.
      { stdio: ["ignore", "ignore", "pipe"], detached: true },
    );
    let log = "";
    kamailio.stderr?.on("data", (d) => {
      log = (log + d.toString()).slice(-20_000);
    });
    kamailio.on("exit", (code) => {
      if (code) console.error(`kamailio exited ${code}: ${log.slice(-2000)}`);
    });
    // Ready when its control socket answers and every edge has passed an OPTIONS probe.
    await until("the dispatcher to see three active edges", async () => {
      const s = await dispatcherStates().catch(() => new Map<number, string>());
      return edges.every((e) => s.get(e.port)?.startsWith("A"));
    });
  }, 180_000);

  afterAll(async () => {
    killAllSipp();
    if (kamailio?.pid) {
      const gone = new Promise((r) => kamailio?.once("exit", r));
      process.kill(-kamailio.pid, "SIGKILL");
      await gone;
    }
    for (const e of edges) {
      e.proc.kill("SIGKILL");
      await e.stub.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test("calls spread over the edges, and every in-dialog request reaches the edge that owns the dialog", async () => {
    const uas = await sipp({ scenario: "callee-reinvited", calls: 9, timeoutSec: 60 });
    callee = `127.0.0.1:${uas.port}`;
    const uac = await sipp({
      scenario: "fleet-reinvite",
      remote: proxy,
      service: "+15550000100",
      calls: 9,
      timeoutSec: 60,
    });
    const code = await uac.done;
    expect({ code, sipp: code === 0 ? "" : uac.output().slice(-3000) }).toEqual({ code: 0, sipp: "" });
    expect(await uas.done).toBe(0);
    // Round robin spreads them (three each unless a probe flapped on a loaded machine).
    expect(edges.map(callNews).every((n) => n >= 1)).toBe(true);
    expect(edges.map(callNews).reduce((x, y) => x + y)).toBe(9);
    const owners = new Map<string, string>();
    for (const e of edges) {
      // As many traces as calls it took (round robin gives three each, unless a probe flapped).
      await until(
        `traces of every call from edge ${e.name}`,
        async () => e.stub.traces.length >= callNews(e),
      );
      for (const t of e.stub.traces as CallTrace[]) {
        expect(owners.has(t.callId)).toBe(false);
        owners.set(t.callId, e.name);
        // The caller's leg ("a"), as this edge received it: the INVITE and every in-dialog request.
        const fromCaller = t.sip
          .filter((m) => m.leg === "a" && m.dir === "in")
          .map((m) => m.summary.split(" ")[0]);
        expect(fromCaller).toEqual(["INVITE", "ACK", "INVITE", "ACK", "BYE"]);
      }
    }
    expect(owners.size).toBe(9);
  });

  test("SIGTERM: the drained edge gets no new calls (the OPTIONS probe sees its 503) while its calls finish", async () => {
    const [a, b, c] = edges as [EdgeProc, EdgeProc, EdgeProc];
    const uas = await sipp({ scenario: "callee-answers", calls: 12, timeoutSec: 120 });
    callee = `127.0.0.1:${uas.port}`;
    const started = edges.map(callNews);
    const long = await sipp({
      scenario: "fleet-hangs-up",
      remote: proxy,
      service: "+15550000101",
      calls: 6,
      pauseMs: 8000,
      timeoutSec: 90,
    });
    // All six admitted (call.new counts only grow; a snapshot of calls in progress could miss
    // the moment all six overlap on a slow box).
    await until(
      "six calls admitted",
      async () =>
        edges.every((e, i) => callNews(e) >= (started[i] ?? 0)) &&
        edges.reduce((n, e, i) => n + callNews(e) - (started[i] ?? 0), 0) === 6,
    );
    expect((await health(a)).callsInProgress).toBeGreaterThan(0);
    const aCalls = callNews(a);
    a.proc.kill("SIGTERM");
    await until(
      "the dispatcher to mark A inactive",
      async () => (await dispatcherStates()).get(a.port)?.startsWith("I") ?? false,
    );
    const before = [callNews(b), callNews(c)];

    const fresh = await sipp({
      scenario: "fleet-hangs-up",
      remote: proxy,
      service: "+15550000102",
      calls: 6,
      pauseMs: 100,
      timeoutSec: 90,
    });
    expect(await fresh.done).toBe(0);
    expect(callNews(b) + callNews(c) - before[0]! - before[1]!).toBe(6);
    // A's calls finished during the drain, then A exited cleanly.
    expect(await long.done).toBe(0);
    expect(await a.exited).toBe(0);
    // None reached A, not even to be refused: the dispatcher no longer sent it INVITEs. Read from
    // the stats A printed as it stopped (A may have exited before the fresh calls ended).
    expect(callNews(a)).toBe(aCalls);
    expect(stoppedStats(a).refused.draining).toBe(0);
    expect(await uas.done).toBe(0);
  });

  test("SIGKILL: the killed edge loses only its own calls, and new calls go to the others", async () => {
    const [, b, c] = edges as [EdgeProc, EdgeProc, EdgeProc];
    const uas = await sipp({ scenario: "callee-answers", calls: 100, timeoutSec: 150 });
    callee = `127.0.0.1:${uas.port}`;
    const [bBefore, cBefore0] = [callNews(b), callNews(c)];
    const long = await sipp({
      scenario: "fleet-hangs-up",
      remote: proxy,
      service: "+15550000103",
      calls: 4,
      pauseMs: 8000,
      timeoutSec: 90,
    });
    await until(
      "four calls admitted on B and C",
      async () => callNews(b) - bBefore + callNews(c) - cBefore0 === 4,
    );
    // B's share of them, all still in their 8 s pause when B dies.
    const onB = callNews(b) - bBefore;
    expect(onB).toBeGreaterThan(0);
    expect((await health(b)).callsInProgress).toBe(onB);
    b.proc.kill("SIGKILL");
    await b.exited;
    await long.done;
    // Exactly B's calls failed (their BYE found no edge); C's completed.
    expect(counts(long)).toEqual({ ok: 4 - onB, failed: onB });

    await until(
      "the dispatcher to mark B inactive",
      async () => (await dispatcherStates()).get(b.port)?.startsWith("I") ?? false,
    );
    const cBefore = callNews(c);
    const fresh = await sipp({
      scenario: "fleet-hangs-up",
      remote: proxy,
      service: "+15550000104",
      calls: 4,
      pauseMs: 100,
      timeoutSec: 90,
    });
    expect(await fresh.done).toBe(0);
    expect(callNews(c) - cBefore).toBe(4);
  });
});
