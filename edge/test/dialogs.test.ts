import type { CallTrace, DecisionEvent } from "@ringflow/flow/protocol";
import { describeWithTools } from "@ringflow/testkit";
import { loadConfig } from "../src/config.js";
import { type RunningEdge, startEdge } from "../src/service.js";
import { type InvokeStub, type Reply, startInvokeStub } from "./invoke-server.js";
import { killAllSipp, type SippRun, sipp } from "./sipp.js";

// Dialog correctness on the wire (issue items 1-5): SIPp callers behind NAT over UDP and TCP, a
// delayed offer, a callee whose INVITE forks into two 200s, a merged INVITE. The same behaviours
// are unit tests on a fake clock (src/call/call.test.ts, src/dialogs.test.ts); these prove them
// against a real peer. Each scenario checks its own expectations (SIPp exits non-zero otherwise).

const plans = new Map<string, (e: DecisionEvent) => Reply>();
const numberOf = (e: DecisionEvent) => /sip:([^@]+)@/.exec(e.call.requestUri)?.[1] ?? "";
const answer = (actions: unknown[]): Reply => ({ answer: { actions, state: "s" } });
const bridgeTo = (port: number) => (e: DecisionEvent) =>
  e.type === "call.new"
    ? answer([{ type: "bridge", targets: [{ uri: `sip:bob@127.0.0.1:${port}` }] }])
    : answer([]);

let stub: InvokeStub;
let running: RunningEdge;
let edgeAddr: string;
jest.setTimeout(20_000);

describeWithTools(["sipp"], "dialogs through SIPp", () => {
  beforeAll(async () => {
    stub = await startInvokeStub((e) => plans.get(numberOf(e))?.(e) ?? { throw: "no plan" });
    const cfg = loadConfig({}, ["--listen", "127.0.0.1:0", "--invoke-endpoint", stub.url]);
    cfg.traceFlushMs = 20;
    running = await startEdge(cfg);
    edgeAddr = `127.0.0.1:${running.edge.port}`;
  });
  afterAll(async () => {
    killAllSipp();
    await running?.close();
    await stub?.close();
  });

  const traceOf = (number: string): Promise<CallTrace> => stub.waitTrace((t) => t.number === number);
  const expectOk = async (...runs: SippRun[]) => {
    for (const r of runs) {
      const code = await r.done;
      if (code !== 0) throw new Error(`sipp exit ${code}\n${r.output().slice(-3000)}`);
    }
  };

  test.each([
    ["UDP", "u1", "+15550000401"],
    ["TCP", "t1", "+15550000402"],
  ] as const)(
    "a caller behind NAT over %s gets the edge's BYE where its packets came from (item 1)",
    async (_t, transport, number) => {
      const uas = await sipp({
        scenario: "callee-answers-then-hangs-up",
        pauseMs: 200,
        extra: ["-key", "edge", edgeAddr],
      });
      plans.set(number, bridgeTo(uas.port));
      const uac = await sipp({ scenario: "natted-caller", remote: edgeAddr, service: number, transport });
      await expectOk(uac, uas);
      const t = await traceOf(number);
      const bye = t.sip.find((m) => m.leg === "a" && m.dir === "out" && m.summary === "BYE");
      expect(bye?.transport).toBe(transport === "t1" ? "tcp" : "udp");
      expect(bye?.remote).not.toMatch(/^10\.255\./);
    },
  );

  test("delayed offer: the callee's offer reaches the caller, the caller's answer reaches the callee's ACK (item 2)", async () => {
    const uas = await sipp({ scenario: "callee-answers-ack-with-answer" });
    plans.set("+15550000403", bridgeTo(uas.port));
    const uac = await sipp({
      scenario: "delayed-offer-caller",
      remote: edgeAddr,
      service: "+15550000403",
      pauseMs: 200,
    });
    await expectOk(uac, uas);
  });

  test("a second fork's 200 gets its own ACK and BYE; the first stays bridged (item 3)", async () => {
    const uas = await sipp({ scenario: "callee-forks-two-2xx" });
    plans.set("+15550000404", bridgeTo(uas.port));
    const uac = await sipp({
      scenario: "bridged-caller-hangs-up",
      remote: edgeAddr,
      service: "+15550000404",
      pauseMs: 300,
    });
    await expectOk(uac, uas);
    const t = await traceOf("+15550000404");
    expect(t.outcome).toBe("bridged");
  });

  test("a merged INVITE gets 482 and the callee rings once (item 5)", async () => {
    const uas = await sipp({ scenario: "callee-answers" });
    plans.set("+15550000405", bridgeTo(uas.port));
    const uac = await sipp({
      scenario: "merged-invite",
      remote: edgeAddr,
      service: "+15550000405",
      pauseMs: 200,
    });
    await expectOk(uac, uas);
    expect(stub.events.filter((e) => numberOf(e) === "+15550000405" && e.type === "call.new")).toHaveLength(
      1,
    );
  });
});
