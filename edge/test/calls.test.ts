import { createSocket } from "node:dgram";
import type { CallTrace, DecisionEvent } from "@ringflow/flow/protocol";
import { describeWithTools } from "@ringflow/testkit";
import { loadConfig } from "../src/config.js";
import { type RunningEdge, startEdge } from "../src/service.js";
import { type InvokeStub, type Reply, startInvokeStub } from "./invoke-server.js";
import { killAllSipp, type SippRun, sipp } from "./sipp.js";

// Calls through the real path: SIPp callers and callees, the edge in this process, the
// decision function played by a local Invoke endpoint that answers per called number.

const plans = new Map<string, (e: DecisionEvent) => Reply>();
const numberOf = (e: DecisionEvent) => /sip:([^@]+)@/.exec(e.call.requestUri)?.[1] ?? "";
const answer = (actions: unknown[], path: string[]): Reply => ({
  answer: { actions, state: `s${path.length}`, trace: { tenantId: "t1", flowId: "f1", version: 1, path } },
});

let stub: InvokeStub;
let running: RunningEdge;
let edgeAddr: string;

// The decision budget: generous, so that on a loaded box (other suites running in parallel) a
// slow answer from the local Invoke stub is not a timeout that turns a bridge into a fallback or
// a 503. The timeout test waits for it once.
const BUDGET_MS = 4000;
jest.setTimeout(60_000);

/** Resolves the first time `number` asks for a call.new decision (an event, not a poll). */
const asked = new Map<string, () => void>();
function calledIn(number: string): Promise<void> {
  return new Promise((resolve) => asked.set(number, resolve));
}

describeWithTools(["sipp"], "edge calls through SIPp", () => {
  beforeAll(async () => {
    stub = await startInvokeStub((e) => {
      if (e.type === "call.new") asked.get(numberOf(e))?.();
      return plans.get(numberOf(e))?.(e) ?? { throw: "no plan" };
    });
    const cfg = loadConfig({}, [
      "--listen",
      "127.0.0.1:0",
      "--invoke-endpoint",
      stub.url,
      "--decision-budget-ms",
      String(BUDGET_MS),
      "--fallback",
      "+15550000091=sip:fallback@10.9.9.9,+15550000092=sip:fallback@10.9.9.9,+15550000093=sip:fallback@10.9.9.9",
      "--retry-after",
      "7",
      // The media executor has its own tests (media.test.ts): here the edge reports media_unsupported.
      "--media",
      "off",
    ]);
    cfg.traceFlushMs = 20;
    running = await startEdge(cfg);
    edgeAddr = `127.0.0.1:${running.edge.port}`;
  });
  afterAll(async () => {
    killAllSipp();
    await running?.close();
    await stub?.close();
  });

  const traceOf = (number: string): Promise<CallTrace> => stub.waitTrace((t) => t.number === number, 30_000);
  const summaries = (t: CallTrace, leg: string) =>
    t.sip.filter((m) => m.leg === leg).map((m) => `${m.dir} ${m.summary}`);
  const expectOk = async (...runs: SippRun[]) => {
    for (const r of runs) {
      const code = await r.done;
      if (code !== 0) throw new Error(`sipp exit ${code}\n${r.output().slice(-3000)}`);
    }
  };

  test("redirect: 302 with the flow's Contacts and q-values, ACK absorbed, trace stored", async () => {
    plans.set("+15550000001", () =>
      answer(
        [
          {
            type: "redirect",
            contacts: [
              { uri: "sip:alice@10.0.0.1", q: 0.9 },
              { uri: "sip:bob@10.0.0.2:5070", q: 0.5 },
            ],
          },
        ],
        ["start", "fwd"],
      ),
    );
    const uac = await sipp({ scenario: "redirected", remote: edgeAddr, service: "+15550000001" });
    await expectOk(uac);
    const t = await traceOf("+15550000001");
    expect(t.outcome).toBe("redirected");
    expect(t.finalStatus).toBe(302);
    expect(t.path).toEqual(["start", "fwd"]);
    expect(t.tenantId).toBe("t1");
    expect(summaries(t, "a")).toEqual(["in INVITE", "out 100 Trying", "out 302 Moved Temporarily", "in ACK"]);
    expect(t.decisions[0]).toMatchObject({ event: "call.new", actions: ["redirect"] });
  });

  test("redirect over TCP: the answer comes back on the caller's connection", async () => {
    plans.set("+15550000012", () =>
      answer(
        [
          {
            type: "redirect",
            contacts: [
              { uri: "sip:alice@10.0.0.1", q: 0.9 },
              { uri: "sip:bob@10.0.0.2:5070", q: 0.5 },
            ],
          },
        ],
        ["start", "fwd"],
      ),
    );
    const uac = await sipp({
      scenario: "redirected",
      remote: edgeAddr,
      service: "+15550000012",
      transport: "t1",
    });
    await expectOk(uac);
    const t = await traceOf("+15550000012");
    expect(t.outcome).toBe("redirected");
    expect(t.sip.every((m) => m.transport === "tcp")).toBe(true);
    expect(summaries(t, "a")).toEqual(["in INVITE", "out 100 Trying", "out 302 Moved Temporarily", "in ACK"]);
  });

  test("bridge: SDP passes through, the caller hangs up, the callee gets BYE", async () => {
    const uas = await sipp({ scenario: "callee-answers" });
    plans.set("+15550000002", (e) =>
      e.type === "call.new"
        ? answer([{ type: "bridge", targets: [{ uri: `sip:bob@127.0.0.1:${uas.port}` }] }], ["start", "fwd"])
        : answer([], []),
    );
    const uac = await sipp({
      scenario: "bridged-caller-hangs-up",
      remote: edgeAddr,
      service: "+15550000002",
      pauseMs: 300,
    });
    await expectOk(uac, uas);
    const t = await traceOf("+15550000002");
    expect(t.outcome).toBe("bridged");
    expect(t.finalStatus).toBe(200);
    expect(summaries(t, "b1")).toEqual([
      "out INVITE",
      "in 180 Ringing",
      "in 200 OK",
      "out ACK",
      "out BYE",
      "in 200 OK",
    ]);
    expect(summaries(t, "a")).toEqual(
      expect.arrayContaining([
        "in INVITE",
        "out 180 Ringing",
        "out 200 OK",
        "in ACK",
        "in BYE",
        "out 200 OK",
      ]),
    );
    const ended = stub.events.find((e) => numberOf(e) === "+15550000002" && e.type === "call.ended");
    expect(ended).toMatchObject({ data: { by: "caller" } });
  });

  test("bridge: a re-INVITE and its ACK are relayed with their SDP", async () => {
    const uas = await sipp({ scenario: "callee-reinvited" });
    plans.set("+15550000013", (e) =>
      e.type === "call.new"
        ? answer([{ type: "bridge", targets: [{ uri: `sip:bob@127.0.0.1:${uas.port}` }] }], ["start", "fwd"])
        : answer([], []),
    );
    const uac = await sipp({
      scenario: "bridged-reinvite",
      remote: edgeAddr,
      service: "+15550000013",
      pauseMs: 200,
    });
    await expectOk(uac, uas);
    const t = await traceOf("+15550000013");
    expect(t.outcome).toBe("bridged");
    expect(summaries(t, "b1")).toEqual([
      "out INVITE",
      "in 180 Ringing",
      "in 200 OK",
      "out ACK",
      "out INVITE",
      "in 200 OK",
      "out ACK",
      "out BYE",
      "in 200 OK",
    ]);
  });

  test("bridge: the callee hangs up, the flow hears bridge.done answered, the caller gets BYE", async () => {
    const uas = await sipp({
      scenario: "callee-answers-then-hangs-up",
      pauseMs: 300,
      extra: ["-key", "edge", edgeAddr],
    });
    plans.set("+15550000003", (e) =>
      e.type === "call.new"
        ? answer([{ type: "bridge", targets: [{ uri: `sip:bob@127.0.0.1:${uas.port}` }] }], ["start", "fwd"])
        : answer([], []),
    );
    const uac = await sipp({
      scenario: "bridged-callee-hangs-up",
      remote: edgeAddr,
      service: "+15550000003",
    });
    await expectOk(uac, uas);
    const t = await traceOf("+15550000003");
    expect(t.outcome).toBe("bridged");
    expect(summaries(t, "a")).toEqual(expect.arrayContaining(["out BYE", "in 200 OK"]));
    // The flow hears how the bridge ended (its plan answers no actions: the edge hangs up).
    const done = stub.events.find((e) => numberOf(e) === "+15550000003" && e.type === "bridge.done");
    expect(done).toMatchObject({ data: { outcome: "answered", sipCode: 200 } });
    expect(done?.type === "bridge.done" && done.data.durationSec).toBeGreaterThan(0);
  });

  test("busy leg -> bridge.done busy -> the flow's busy branch", async () => {
    const uas = await sipp({ scenario: "callee-busy" });
    plans.set("+15550000004", (e) =>
      e.type === "call.new"
        ? answer([{ type: "bridge", targets: [{ uri: `sip:bob@127.0.0.1:${uas.port}` }] }], ["start", "fwd"])
        : e.type === "bridge.done" && e.data.outcome === "busy"
          ? answer([{ type: "hangup", status: 486, reason: "busy branch" }], ["busy-end"])
          : answer([{ type: "hangup", status: 500 }], ["wrong-branch"]),
    );
    const uac = await sipp({ scenario: "busy-486", remote: edgeAddr, service: "+15550000004" });
    await expectOk(uac, uas);
    const t = await traceOf("+15550000004");
    expect(t.path).toEqual(["start", "fwd", "busy-end"]);
    expect(t.finalStatus).toBe(486);
    const done = stub.events.find((e) => numberOf(e) === "+15550000004" && e.type === "bridge.done");
    expect(done).toMatchObject({ data: { outcome: "busy", sipCode: 486 } });
    expect(done?.state).toBe("s2");
  });

  test("no answer: CANCEL after the ring timeout, then the next target answers", async () => {
    const ringing = await sipp({ scenario: "callee-rings-until-cancelled" });
    const answering = await sipp({ scenario: "callee-answers" });
    plans.set("+15550000005", (e) =>
      e.type === "call.new"
        ? answer(
            [
              {
                type: "bridge",
                strategy: "sequential",
                targets: [
                  { uri: `sip:first@127.0.0.1:${ringing.port}`, timeoutSec: 1 },
                  { uri: `sip:second@127.0.0.1:${answering.port}` },
                ],
              },
            ],
            ["start", "fwd"],
          )
        : answer([], []),
    );
    const uac = await sipp({
      scenario: "bridged-caller-hangs-up",
      remote: edgeAddr,
      service: "+15550000005",
      pauseMs: 200,
    });
    await expectOk(uac, ringing, answering);
    const t = await traceOf("+15550000005");
    expect(t.outcome).toBe("bridged");
    expect(summaries(t, "b1")).toEqual(
      expect.arrayContaining(["out INVITE", "out CANCEL", "in 487 Request Terminated"]),
    );
    expect(summaries(t, "b2")).toEqual(expect.arrayContaining(["out INVITE", "in 200 OK"]));
    const cancelAt = t.sip.find((m) => m.leg === "b1" && m.summary === "CANCEL")!.at;
    const inviteAt = t.sip.find((m) => m.leg === "b1" && m.summary === "INVITE")!.at;
    // The target's 1 s ring timer, not the default (tens of seconds); a loaded box fires it late.
    expect(cancelAt - inviteAt).toBeGreaterThanOrEqual(950);
    expect(cancelAt - inviteAt).toBeLessThan(6000);
  });

  test("simultaneous ring: the second target answers, the first gets CANCEL", async () => {
    const ringing = await sipp({ scenario: "callee-rings-until-cancelled" });
    const answering = await sipp({ scenario: "callee-answers" });
    plans.set("+15550000006", (e) =>
      e.type === "call.new"
        ? answer(
            [
              {
                type: "bridge",
                strategy: "simultaneous",
                ringTimeoutSec: 10,
                targets: [
                  { uri: `sip:first@127.0.0.1:${ringing.port}` },
                  { uri: `sip:second@127.0.0.1:${answering.port}` },
                ],
              },
            ],
            ["start", "fwd"],
          )
        : answer([], []),
    );
    const uac = await sipp({
      scenario: "bridged-caller-hangs-up",
      remote: edgeAddr,
      service: "+15550000006",
      pauseMs: 200,
    });
    await expectOk(uac, ringing, answering);
    const t = await traceOf("+15550000006");
    expect(t.outcome).toBe("bridged");
    expect(summaries(t, "b1")).toEqual(expect.arrayContaining(["out CANCEL"]));
    expect(summaries(t, "b2")).toEqual(expect.arrayContaining(["in 200 OK", "out BYE"]));
  });

  test("the caller cancels while the callee rings: every leg stops, 487 to the caller", async () => {
    const ringing = await sipp({ scenario: "callee-rings-until-cancelled" });
    plans.set("+15550000007", (e) =>
      e.type === "call.new"
        ? answer(
            [{ type: "bridge", targets: [{ uri: `sip:first@127.0.0.1:${ringing.port}` }] }],
            ["start", "fwd"],
          )
        : answer([], []),
    );
    const uac = await sipp({
      scenario: "cancelled-while-ringing",
      remote: edgeAddr,
      service: "+15550000007",
    });
    await expectOk(uac, ringing);
    const t = await traceOf("+15550000007");
    expect(t.outcome).toBe("cancelled");
    expect(t.finalStatus).toBe(487);
    expect(summaries(t, "b1")).toEqual(expect.arrayContaining(["out CANCEL"]));
  });

  test.each([
    ["timeout", "+15550000091", { hang: true } as Reply],
    ["error", "+15550000092", { throw: "boom" } as Reply],
    ["malformed", "+15550000093", { raw: '{"actions":[{"type":"teleport"}],"state":""}' } as Reply],
  ])("decision %s -> the number's fallback within the budget", async (kind, number, reply) => {
    plans.set(number, () => reply);
    const started = performance.now();
    const uac = await sipp({ scenario: "fallback-redirected", remote: edgeAddr, service: number });
    await expectOk(uac);
    const t = await traceOf(number);
    expect(t.outcome).toBe("fallback");
    expect(t.finalStatus).toBe(302);
    expect(t.decisions[0]?.error).toBe(kind);
    expect(t.fallbackReason).toBe(kind);
    const invite = t.sip.find((m) => m.summary === "INVITE")!.at;
    const final = t.sip.find((m) => m.summary.startsWith("302"))!.at;
    expect(final - invite).toBeLessThan(BUDGET_MS + 2000);
    expect(performance.now() - started).toBeLessThan(BUDGET_MS + 10_000);
  });

  test("decision fails and the number has no fallback -> 503 with Retry-After", async () => {
    plans.set("+15550000010", () => ({ throw: "down" }));
    const uac = await sipp({ scenario: "unavailable-503", remote: edgeAddr, service: "+15550000010" });
    await expectOk(uac);
    const t = await traceOf("+15550000010");
    expect(t.finalStatus).toBe(503);
    expect(t.sip.find((m) => m.summary.startsWith("503"))?.raw).toMatch(/Retry-After: 7/);
  });

  test("a malformed INVITE gets 400 while a bridged call is up, and the call goes on", async () => {
    const uas = await sipp({ scenario: "callee-answers" });
    plans.set("+15550000011", (e) =>
      e.type === "call.new"
        ? answer([{ type: "bridge", targets: [{ uri: `sip:bob@127.0.0.1:${uas.port}` }] }], ["start", "fwd"])
        : answer([], []),
    );
    const inProgress = calledIn("+15550000011");
    const uac = await sipp({
      scenario: "bridged-caller-hangs-up",
      remote: edgeAddr,
      service: "+15550000011",
      pauseMs: 1200,
    });
    // Once the call is in progress (its decision was asked), throw garbage at the edge.
    await inProgress;
    const reply = await rawUdp(
      running.edge.port,
      [
        "INVITE sip:+15550000011@127.0.0.1 SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-bad1",
        "From: <sip:x@127.0.0.1>;tag=1",
        "To: <sip:y@127.0.0.1>",
        "Call-ID: bad-1",
        "CSeq: notanumber INVITE",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    );
    expect(reply).toMatch(/^SIP\/2\.0 400 /);
    await expectOk(uac, uas);
    const t = await traceOf("+15550000011");
    expect(t.outcome).toBe("bridged");
  });

  test("media actions are reported as action.failed media_unsupported, and the flow goes on", async () => {
    plans.set("+15550000014", (e) =>
      e.type === "call.new"
        ? answer([{ type: "answer" }, { type: "play", prompt: { text: "hello" } }], ["start", "greet"])
        : e.type === "action.failed" && e.data.code === "media_unsupported"
          ? answer([{ type: "hangup", status: 480, reason: "no media here" }], ["fail-end"])
          : answer([{ type: "hangup", status: 500 }], ["wrong"]),
    );
    const uac = await sipp({ scenario: "hungup-480", remote: edgeAddr, service: "+15550000014" });
    await expectOk(uac);
    const t = await traceOf("+15550000014");
    expect(t.outcome).toBe("hungup");
    expect(t.path).toEqual(["start", "greet", "fail-end"]);
    const failed = stub.events.find((e) => numberOf(e) === "+15550000014" && e.type === "action.failed");
    expect(failed).toMatchObject({ data: { action: "answer", code: "media_unsupported" } });
  });

  test("OPTIONS out of dialog is answered 200 (health check)", async () => {
    const reply = await rawUdp(
      running.edge.port,
      [
        `OPTIONS sip:ping@127.0.0.1:${running.edge.port} SIP/2.0`,
        "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-opt1",
        "From: <sip:mon@127.0.0.1>;tag=1",
        "To: <sip:ping@127.0.0.1>",
        "Call-ID: opt-1",
        "CSeq: 1 OPTIONS",
        "Max-Forwards: 70",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    );
    expect(reply).toMatch(/^SIP\/2\.0 200 OK/);
    expect(reply).toMatch(/Allow: .*INVITE/);
  });
});

describeWithTools(["sipp"], "edge with a cap of one call in progress", () => {
  let capStub: InvokeStub;
  let capped: RunningEdge;
  afterAll(async () => {
    killAllSipp();
    await capped?.close();
    await capStub?.close();
  });

  test("a second call while one is up gets 503 with Retry-After; the first goes on", async () => {
    const uas = await sipp({ scenario: "callee-answers" });
    let admitted: () => void = () => {};
    const firstAdmitted = new Promise<void>((r) => {
      admitted = r;
    });
    capStub = await startInvokeStub((e) => {
      if (e.type === "call.new") admitted();
      return e.type === "call.new"
        ? answer([{ type: "bridge", targets: [{ uri: `sip:bob@127.0.0.1:${uas.port}` }] }], ["start", "fwd"])
        : answer([], []);
    });
    capped = await startEdge(
      loadConfig({}, ["--listen", "127.0.0.1:0", "--invoke-endpoint", capStub.url, "--max-calls", "1"]),
    );
    const addr = `127.0.0.1:${capped.edge.port}`;
    const first = await sipp({
      scenario: "bridged-caller-hangs-up",
      remote: addr,
      service: "+15550000300",
      // Long enough that the second caller (a process started after the first call's decision)
      // arrives while the first is up, even on a loaded box.
      pauseMs: 4000,
    });
    await firstAdmitted;
    const second = await sipp({ scenario: "unavailable-503", remote: addr, service: "+15550000301" });
    expect(await second.done).toBe(0);
    expect(await first.done).toBe(0);
    expect(await uas.done).toBe(0);
    expect(capped.edge.stats().refused.calls_cap).toBe(1);
  });
});

/** Send one datagram from an ephemeral socket and return the first reply. */
function rawUdp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createSocket("udp4");
    const t = setTimeout(() => {
      s.close();
      reject(new Error("no reply"));
    }, 10_000);
    s.on("message", (m) => {
      clearTimeout(t);
      s.close();
      resolve(m.toString("latin1"));
    });
    s.bind(0, "127.0.0.1", () => s.send(text, port, "127.0.0.1"));
  });
}
