import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallTrace, DecisionEvent } from "@ringflow/flow/protocol";
import { describeWithTools, freePort } from "@ringflow/testkit";
import { bundleEdge } from "../src/bundle.js";
import { type InvokeStub, type Reply, startInvokeStub } from "./invoke-server.js";
import { killAllSipp, type SippRun, sipp } from "./sipp.js";

// Calls through the edge as its own process (the bundle of edge/src/main.ts, as a container
// runs it): SIP over TCP on the extra port (`--tcp-port`, where the NLB's 5061 forwards on
// AWS), and the loop marker (docs/security.md) stopping a flow that bridges to its own number.

jest.setTimeout(60_000);

const plans = new Map<string, (e: DecisionEvent) => Reply>();
const numberOf = (e: DecisionEvent) => /sip:([^@]+)@/.exec(e.call.requestUri)?.[1] ?? "";
const answer = (actions: unknown[], path: string[]): Reply => ({
  answer: { actions, state: `s${path.length}`, trace: { tenantId: "t1", flowId: "f1", version: 1, path } },
});

let stub: InvokeStub;
const procs: ChildProcess[] = [];

/** Start the bundled edge with `args` and `env`; resolves with its ready line. */
async function startEdgeProcess(bundle: string, args: string[], env: Record<string, string> = {}) {
  const edge = spawn(process.execPath, [bundle, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
  });
  procs.push(edge);
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = "";
    edge.stdout?.on("data", (d) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.includes('"ready"'));
      if (line) resolve(JSON.parse(line));
    });
    edge.on("exit", () => reject(new Error(`edge exited before ready: ${out}`)));
  });
}

describeWithTools(["sipp"], "edge process: TCP port and loops", () => {
  const dist = mkdtempSync(join(tmpdir(), "ringflow-edge-"));
  const bundle = join(dist, "edge.mjs");
  let port = 0;
  let tcpPort = 0;
  let health = 0;
  let otherPort = 0;
  let otherHealth = 0;

  beforeAll(async () => {
    await bundleEdge({ entry: join(process.cwd(), "edge", "src", "main.ts"), outfile: bundle });
    stub = await startInvokeStub((e) => plans.get(numberOf(e))?.(e) ?? { throw: "no plan" });
    port = await freePort();
    tcpPort = await freePort();
    health = await freePort();
    const common = ["--invoke-endpoint", stub.url, "--media", "off"];
    // The variable the CDK app sets on the task (flags and variables are the same setting).
    const ready = await startEdgeProcess(
      bundle,
      ["--listen", `127.0.0.1:${port}`, "--health-port", String(health), ...common],
      { RINGFLOW_EDGE_TCP_PORT: String(tcpPort) },
    );
    // A second edge (another task behind the same NLB), on the same decision function.
    otherPort = await freePort();
    otherHealth = await freePort();
    await startEdgeProcess(bundle, [
      "--listen",
      `127.0.0.1:${otherPort}`,
      "--health-port",
      String(otherHealth),
      ...common,
    ]);
    expect(ready).toMatchObject({ sip: `127.0.0.1:${port}`, tcp: `127.0.0.1:${tcpPort}` });
  });
  afterAll(async () => {
    killAllSipp();
    for (const p of procs) p.kill("SIGKILL");
    await stub?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const traceOf = (number: string): Promise<CallTrace> => stub.waitTrace((t) => t.number === number, 30_000);
  const expectOk = async (...runs: SippRun[]) => {
    for (const r of runs) {
      const code = await r.done;
      if (code !== 0) throw new Error(`sipp exit ${code}\n${r.output().slice(-3000)}`);
    }
  };
  const stats = async (at = health) =>
    (await (await fetch(`http://127.0.0.1:${at}/health`)).json()) as {
      callsInProgress: number;
      refused: { loop: number };
    };

  test("TCP on --tcp-port: a bridged call; our Contact names that port; the callee's BYE reaches the caller on its connection", async () => {
    const uas = await sipp({
      scenario: "callee-answers-then-hangs-up",
      pauseMs: 300,
      extra: ["-key", "edge", `127.0.0.1:${port}`],
    });
    plans.set("+15550000201", (e) =>
      e.type === "call.new"
        ? answer([{ type: "bridge", targets: [{ uri: `sip:bob@127.0.0.1:${uas.port}` }] }], ["start", "fwd"])
        : answer([], []),
    );
    const uac = await sipp({
      scenario: "bridged-callee-hangs-up",
      remote: `127.0.0.1:${tcpPort}`,
      service: "+15550000201",
      transport: "t1",
    });
    await expectOk(uac, uas);
    const t = await traceOf("+15550000201");
    expect(t.outcome).toBe("bridged");
    const a = t.sip.filter((m) => m.leg === "a");
    expect(a.map((m) => `${m.dir} ${m.summary}`)).toEqual(expect.arrayContaining(["out 200 OK", "out BYE"]));
    expect(a.every((m) => m.transport === "tcp")).toBe(true);
    const ok = a.find((m) => m.summary === "200 OK" && m.dir === "out");
    expect(ok?.raw).toMatch(new RegExp(`Contact: <sip:ringflow@127\\.0\\.0\\.1:${tcpPort};transport=tcp>`));
    const bye = a.find((m) => m.summary === "BYE");
    expect(bye?.raw).toMatch(new RegExp(`Via: SIP/2\\.0/TCP 127\\.0\\.0\\.1:${tcpPort};`));
  });

  test("an INVITE carrying the loop marker gets 482 before any decision", async () => {
    const before = (await stats()).refused.loop;
    const uac = await sipp({ scenario: "looped-482", remote: `127.0.0.1:${port}`, service: "+15550000202" });
    await expectOk(uac);
    expect(stub.events.filter((e) => numberOf(e) === "+15550000202")).toEqual([]);
    expect((await stats()).refused.loop).toBe(before + 1);
  });

  test("a flow that bridges to the edge's own address: no leg leaves (protect/targets.ts), one call, the flow's failure branch answers", async () => {
    const before = (await stats()).refused.loop;
    plans.set("+15550000203", (e) =>
      e.type === "call.new"
        ? answer(
            [{ type: "bridge", targets: [{ uri: `sip:+15550000203@127.0.0.1:${port}` }] }],
            ["start", "self"],
          )
        : e.type === "bridge.done"
          ? answer([{ type: "hangup", status: 486, reason: "loop branch" }], ["failed-end"])
          : answer([{ type: "hangup", status: 500 }], ["wrong"]),
    );
    const uac = await sipp({ scenario: "busy-486", remote: `127.0.0.1:${port}`, service: "+15550000203" });
    await expectOk(uac);
    const t = await traceOf("+15550000203");
    expect(t.finalStatus).toBe(486);
    // Refused after resolution, before any INVITE: the loop marker (482) never has to act.
    expect(t.sip.filter((m) => m.leg === "b1")).toEqual([]);
    // One call.new (the caller's) and its bridge.done.
    const events = stub.events.filter((e) => numberOf(e) === "+15550000203").map((e) => e.type);
    expect(events).toEqual(["call.new", "bridge.done"]);
    const done = stub.events.find((e) => numberOf(e) === "+15550000203" && e.type === "bridge.done");
    expect(done).toMatchObject({ data: { outcome: "failed", sipCode: 0 } });
    const after = await stats();
    expect(after.refused.loop).toBe(before);
    expect(after.callsInProgress).toBe(0);
  });

  // The edge refuses a target at its own address before sending (protect/targets.ts); a loop
  // through another edge task (or a trunk) is what the marker is for.
  test("a flow that bridges to its own number through another edge: that edge answers 482, one call, the flow's branch answers", async () => {
    const before = (await stats(otherHealth)).refused.loop;
    plans.set("+15550000204", (e) =>
      e.type === "call.new"
        ? answer(
            [{ type: "bridge", targets: [{ uri: `sip:+15550000204@127.0.0.1:${otherPort}` }] }],
            ["start", "self"],
          )
        : e.type === "bridge.done"
          ? answer([{ type: "hangup", status: 486, reason: "loop branch" }], ["failed-end"])
          : answer([{ type: "hangup", status: 500 }], ["wrong"]),
    );
    const uac = await sipp({ scenario: "busy-486", remote: `127.0.0.1:${port}`, service: "+15550000204" });
    await expectOk(uac);
    const t = await traceOf("+15550000204");
    expect(t.finalStatus).toBe(486);
    expect(t.sip.filter((m) => m.leg === "b1").map((m) => `${m.dir} ${m.summary}`)).toEqual(
      expect.arrayContaining(["out INVITE", "in 482 Loop Detected"]),
    );
    // One call.new (the caller's) and its bridge.done: the leg that came back never became a call.
    const events = stub.events.filter((e) => numberOf(e) === "+15550000204").map((e) => e.type);
    expect(events).toEqual(["call.new", "bridge.done"]);
    const done = stub.events.find((e) => numberOf(e) === "+15550000204" && e.type === "bridge.done");
    expect(done).toMatchObject({ data: { sipCode: 482 } });
    const other = await stats(otherHealth);
    expect(other.refused.loop).toBe(before + 1);
    expect(other.callsInProgress).toBe(0);
    expect((await stats()).callsInProgress).toBe(0);
  });
});
