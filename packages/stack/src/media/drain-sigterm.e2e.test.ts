// SIGTERM to the edge's own process while a caller is in the demo reception menu: what a
// container stop (ECS sends SIGTERM, then SIGKILL after its stop timeout) does to a call. The
// functions of the local stack run in this process (dynalite, s3rver, the decision function, the
// prompts function); the edge is a child process started as the one-command stack starts it
// (edge/src/main.ts through tsx); SIPp does the caller's and the callee's SIP, and the test
// itself is the caller's RTP (rtp-peer.ts). Every wait is on a packet, a line or an event.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CallTrace, DecisionEvent } from "@ringflow/flow/protocol";
import { type LocalStack, startLocalStack } from "@ringflow/functions";
import { describeWithTools, freePort } from "@ringflow/testkit";
import { pcapRtp, RtpPeer } from "./rtp-peer.js";
import { publishOnNumber, SippProcesses, sendInfo } from "./sipp.js";

const root = process.cwd();
const scenarioPath = (name: string) => join(root, "edge", "test", "scenarios", `${name}.sipp.xml`);
const TENANT = "demo";
const NUMBER = "+15550000391";

jest.setTimeout(90_000);

let stack: LocalStack;
let dataDir: string;
const events: DecisionEvent[] = [];
const traces: CallTrace[] = [];
const children = new Set<ChildProcess>();

/** Resolves once `check` holds (checked now and whenever `poke` is called). */
const waiters: { check: () => boolean; resolve: () => void }[] = [];
const poke = () => {
  for (const w of [...waiters])
    if (w.check()) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
};
function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    waiters.push({
      check,
      resolve: () => {
        clearTimeout(t);
        resolve();
      },
    });
  });
}

const sippProcesses = new SippProcesses();
const sipp = (args: string[]) => sippProcesses.run(args, "60s");

const hangUp = (sippPort: number, callId: string) => sendInfo(sippPort, callId);

/** The demo reception flow with its hours forced open and sales ringing `salesUri`. */
async function publishReception(salesUri: string): Promise<void> {
  const doc = JSON.parse(readFileSync(join(root, "examples", "reception.flow.json"), "utf8"));
  doc.nodes.hours.closed = doc.nodes.hours.holiday = "menu";
  doc.nodes.sales.targets = [{ uri: salesUri }];
  const flowId = "reception-drain";
  await publishOnNumber(stack, { number: NUMBER, tenantId: TENANT, flowId, doc });
}

/** The edge as its own process (as the one-command stack runs it), with what it prints. */
async function startEdgeProcess() {
  const [sip, health] = [await freePort(), await freePort()];
  // Below the ephemeral range (32768+), where freePort finds the ports other tests bind.
  const base = 21_000 + Math.floor(Math.random() * 100) * 100;
  const proc = spawn(
    process.execPath,
    [
      "--import",
      pathToFileURL(join(root, "packages", "stack", "leash.mjs")).href,
      "--disable-warning=NodeVersionSupportWarning",
      "--import",
      "tsx",
      "--conditions=@ringflow/source",
      join(root, "edge", "src", "main.ts"),
      "--listen",
      `127.0.0.1:${sip}`,
      "--invoke-endpoint",
      stack.urls.invoke,
      "--s3-endpoint",
      stack.urls.s3,
      "--health-port",
      String(health),
      "--rtp-ports",
      `${base}-${base + 9}`,
    ],
    { cwd: root, env: { ...process.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.add(proc);
  let out = "";
  proc.stdout?.on("data", (d) => {
    out += String(d);
    poke();
  });
  proc.stderr?.on("data", (d) => (out += String(d)));
  // "close": exited and its stdout read to the end (what it flushed at exit included).
  const exited = new Promise<number | null>((resolve) =>
    proc.on("close", (code) => {
      children.delete(proc);
      resolve(code);
      poke();
    }),
  );
  /** The first JSON line printed with `key`. */
  const line = (key: string) => {
    const l = out.split("\n").find((x) => x.includes(`"${key}":`));
    return l ? (JSON.parse(l) as Record<string, unknown>) : undefined;
  };
  await until("the edge's ready line", () => line("ready") !== undefined || proc.exitCode !== null, 60_000);
  if (proc.exitCode !== null) throw new Error(`the edge exited ${proc.exitCode}:\n${out.slice(-3000)}`);
  const healthOf = async () => {
    const r = await fetch(`http://127.0.0.1:${health}/health`);
    return { status: r.status, body: (await r.json()) as { callsInProgress: number; draining: boolean } };
  };
  return { proc, addr: `127.0.0.1:${sip}`, exited, line, healthOf, output: () => out.slice(-4000) };
}

describeWithTools(["sipp", "espeak-ng"], "SIGTERM to the edge process during the reception menu", () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "ringflow-drain-"));
    stack = await startLocalStack({
      dataDir,
      inMemory: true,
      receptionFile: join(root, "examples", "reception.flow.json"),
    });
    const decide = stack.functions.get("ringflow-decision")!;
    stack.functions.set("ringflow-decision", async (e) => {
      events.push(e as DecisionEvent);
      poke();
      return decide(e);
    });
    const ingest = stack.functions.get("ringflow-traces")!;
    stack.functions.set("ringflow-traces", async (e) => {
      traces.push(...(e as { traces: CallTrace[] }).traces);
      poke();
      return ingest(e);
    });
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    sippProcesses.killAll();
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("new INVITEs get 503, the caller in the menu keeps hearing it, presses 1, is bridged and hangs up; then the edge exits 0", async () => {
    const callee = await sipp(["-sf", scenarioPath("media-callee-echo"), "-rtp_echo"]);
    await publishReception(`sip:alice@127.0.0.1:${callee.port}`);
    const edge = await startEdgeProcess();
    const peer = await new RtpPeer("PCMA").start();
    const callId = `drain-${Date.now()}@test`;
    const caller = await sipp([
      "-sf",
      scenarioPath("media-caller"),
      "-s",
      NUMBER,
      "-key",
      "rtp_port",
      String(peer.port),
      "-cid_str",
      callId,
      edge.addr,
    ]);
    try {
      // In the menu: the edge answered and speaks its prompt; the caller streams back.
      await peer.until("the edge's first RTP packet", () => peer.heard.length > 0, 30_000);
      peer.stream();
      await peer.until("the menu prompt (speech energy)", () => peer.speaking(), 30_000);
      expect((await edge.healthOf()).body.callsInProgress).toBe(1);

      // The container is stopped while the prompt plays.
      const heardBefore = peer.heard.length;
      edge.proc.kill("SIGTERM");
      await until("the edge's draining line", () => edge.line("draining") !== undefined);
      expect(edge.line("draining")).toMatchObject({ draining: true, signal: "SIGTERM", callsInProgress: 1 });

      // A new call is refused with 503 and Retry-After (RFC 3261 §21.5.4) while the menu
      // goes on for the caller in it: the prompt still speaks after the signal.
      const refused = await sipp(["-sf", scenarioPath("unavailable-503"), "-s", NUMBER, edge.addr]);
      await peer.until(
        "the menu prompt going on after SIGTERM",
        () => peer.heard.length >= heardBefore + 25 && peer.speaking(),
      );
      if ((await refused.done) !== 0) throw new Error(refused.output());
      const draining = await edge.healthOf();
      expect(draining).toMatchObject({ status: 503, body: { draining: true, callsInProgress: 1 } });
      expect(edge.proc.exitCode).toBeNull();

      // The caller presses 1 (RFC 4733): the flow goes on to sales, which the draining edge
      // still dials (only new inbound calls are refused), and bridges with anchored media.
      await peer.press("1");
      await until("collect.done", () =>
        events.some((e) => e.type === "collect.done" && e.call.to.includes(NUMBER)),
      );
      expect(events.find((e) => e.type === "collect.done")).toMatchObject({
        data: { digits: "1", outcome: "complete" },
      });
      const speech = pcapRtp("g711a.pcap")
        .slice(20, 120)
        .map((p) => p.payload);
      const said = new Set(speech.map((b) => b.toString("hex")));
      const from = peer.heard.length;
      void peer.say(speech);
      await peer.until(
        "the caller's own audio echoed back by the callee",
        () => peer.heard.slice(from).filter((h) => said.has(h.payload.toString("hex"))).length >= 10,
      );
      expect(edge.proc.exitCode).toBeNull();

      // The caller hangs up, as a bridged call normally ends (BYE answered, the callee's leg hung
      // up); its trace is written, and only then does the process exit, with 0.
      hangUp(caller.port, callId);
      const codes = [await caller.done, await callee.done];
      if (codes[0] !== 0) throw new Error(caller.output());
      if (codes[1] !== 0) throw new Error(callee.output());
      // Promptly: the drain ends with the last call, not at --drain-timeout-ms (60 s).
      const ended = performance.now();
      expect(await edge.exited).toBe(0);
      expect(performance.now() - ended).toBeLessThan(10_000);
      expect(edge.line("stopped")).toMatchObject({
        stopped: true,
        callsInProgress: 0,
        draining: true,
        refused: { draining: 1 },
        traces: { written: 1, shed: 0, failedWrites: 0 },
      });
      // The call's log line, buffered by the logger, was written before the exit.
      expect(edge.line("msg")).toMatchObject({ msg: "call ended", number: NUMBER, outcome: "bridged" });
      expect(events.filter((e) => e.call.to.includes(NUMBER)).map((e) => e.type)).toEqual([
        "call.new",
        "collect.done",
        "call.ended",
      ]);
      const trace = traces.find((t) => t.number === NUMBER);
      // The call as the flow ran it: the menu took "1" (maxDigits), sales answered; the caller's
      // BYE ended it and the edge hung up the callee (no bridge.done: the caller is gone).
      expect(trace).toMatchObject({ outcome: "bridged", path: ["start", "hours", "menu", "sales"] });
      expect(trace?.media?.find((m) => m.action === "collect")).toMatchObject({
        outcome: "complete",
        digits: "1",
      });
      const sip = trace?.sip.map((m) => `${m.dir} ${m.leg} ${m.summary}`) ?? [];
      expect(sip).toEqual(expect.arrayContaining(["in a BYE", "out a 200 OK", "out b1 BYE", "in b1 200 OK"]));
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- edge output ---\n${edge.output()}`);
    } finally {
      peer.close();
    }
  });
});
