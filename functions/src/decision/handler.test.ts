import type { DecisionEventInput } from "@ringflow/flow/protocol";
import { receptionDoc } from "../api/testing.js";
import { redirectFlow, SAMPLE_CUSTOMER_FUNCTION, vipFlow } from "../local/demo-flows.js";
import { vipCallerFunction } from "../local/sample-customer.js";
import { type LiveCall, type LiveCallStore, MemoryLiveCallStore } from "../store/live.js";
import { MemoryStore } from "../store/memory.js";
import type { FlowDocument } from "../store/types.js";
import type { CustomerInvoker } from "./customer.js";
import { createDecisionHandler } from "./handler.js";
import type { RunTargetPolicy } from "./targets.js";

// Monday 2026-11-23 10:00 in New York: the reception flow's office is open.
const OPEN = Date.parse("2026-11-23T15:00:00Z");

const call = (to: string, from = "+15550009", id = "call-1") => ({
  id,
  from: `<sip:${from}@10.0.0.9>;tag=x`,
  to: `<sip:${to}@127.0.0.1>`,
  requestUri: `sip:${to}@127.0.0.1:5060`,
  sourceIp: "10.0.0.9",
  receivedAt: new Date(OPEN).toISOString(),
  headers: {},
});
const newCall = (to: string, from?: string): DecisionEventInput => ({
  v: 1,
  type: "call.new",
  call: call(to, from),
});

/** Local mode: everything is on loopback. */
const LOCAL: RunTargetPolicy = { edgeHosts: ["127.0.0.1:5060"], allowPrivateTargets: true };

async function setup(
  invokeCustomer?: CustomerInvoker,
  targets: RunTargetPolicy = LOCAL,
  live?: LiveCallStore,
) {
  const store = new MemoryStore(() => OPEN);
  const publish = async (flowId: string, doc: FlowDocument, number: string) => {
    await store.createFlow({ tenantId: "demo", flowId, doc, errors: 0, warnings: 0 });
    await store.publish({
      tenantId: "demo",
      flowId,
      name: "x",
      doc,
      message: "",
      fromRevision: 1,
      publishedBy: "t",
    });
    await store.grantNumber(number, "demo");
    await store.bindNumber({ number, tenantId: "demo", flowId, version: "latest" });
  };
  await store.putFunction("demo", SAMPLE_CUSTOMER_FUNCTION);
  await publish("reception", receptionDoc(), "+15550100");
  await publish("redirect", redirectFlow as FlowDocument, "+15550101");
  await publish("vip", vipFlow as FlowDocument, "+15550102");
  const decide = createDecisionHandler({
    store,
    now: () => OPEN,
    routeTtlMs: 0,
    targets,
    ...(invokeCustomer ? { invokeCustomer } : {}),
    ...(live ? { live } : {}),
  });
  return { store, decide, publish };
}

test("a redirect flow answers 302 with the trace naming tenant, flow, version and path", async () => {
  const { decide } = await setup();
  const a = await decide(newCall("+15550101"));
  expect(a.actions).toEqual([
    { type: "redirect", status: 302, contacts: [{ uri: "sip:demo@127.0.0.1:5070" }] },
  ]);
  expect(a.trace).toEqual({ tenantId: "demo", flowId: "redirect", version: 1, path: ["start", "redirect"] });
});

test("unknown number, unpublished flow and malformed events get defined hangups, never a throw", async () => {
  const { store, decide } = await setup();
  expect((await decide(newCall("+15559999"))).actions).toEqual([
    { type: "hangup", status: 404, reason: "Number not in service" },
  ]);
  await store.createFlow({
    tenantId: "demo",
    flowId: "wip",
    doc: redirectFlow as FlowDocument,
    errors: 0,
    warnings: 0,
  });
  await store.grantNumber("+15550103", "demo");
  await store.bindNumber({ number: "+15550103", tenantId: "demo", flowId: "wip", version: "latest" });
  expect((await decide(newCall("+15550103"))).actions[0]).toMatchObject({
    status: 480,
    reason: "Flow not published",
  });
  for (const bad of [null, "x", { v: 1, type: "call.new" }, { ...newCall("+15550101"), v: 2 }])
    expect((await decide(bad)).actions[0]).toMatchObject({ type: "hangup", status: 400 });
  expect(
    (
      await decide({
        ...newCall("+15550101"),
        call: { ...call("+1"), requestUri: "sip:bob@h", to: "sip:bob@h" },
      })
    ).actions[0],
  ).toMatchObject({ status: 404 });
});

test("a call keeps running the version it started on, across a publish, through its state", async () => {
  const { store, decide } = await setup();
  const first = await decide(newCall("+15550100"));
  expect(first.actions.map((x) => x.type)).toContain("collect");
  expect(first.trace?.path).toEqual(["start", "hours", "menu"]);
  const doc = receptionDoc() as { nodes: Record<string, Record<string, unknown>> };
  doc.nodes.support = { ...doc.nodes.support, targets: [{ uri: "sip:elsewhere@127.0.0.1" }] };
  await store.publish({
    tenantId: "demo",
    flowId: "reception",
    name: "x",
    doc,
    message: "",
    fromRevision: 2,
    publishedBy: "t",
  });
  const second = await decide({
    v: 1,
    type: "collect.done",
    call: call("+15550100"),
    state: first.state,
    data: { digits: "2", reason: "maxDigits" },
  });
  // After the menu answered the call, the interpreter turns the redirect into a bridge; the target is v1's.
  expect(JSON.stringify(second.actions)).toContain("sip:support@127.0.0.1:5070");
  expect(JSON.stringify(second.actions)).not.toContain("elsewhere");
  expect(second.trace).toMatchObject({ version: 1, path: ["support"] });
  // A new call runs version 2.
  expect((await decide(newCall("+15550100"))).trace?.version).toBe(2);
});

test("only a test number a publisher bound to the draft reaches it; a From header never does", async () => {
  const { store, decide } = await setup();
  const draft = {
    ...(redirectFlow as FlowDocument),
    settings: { testCallers: ["+15550042"] },
    nodes: {
      start: { type: "start", next: "redirect" },
      redirect: { type: "forward", mode: "redirect", targets: [{ uri: "sip:draft@127.0.0.1:5070" }] },
    },
  };
  await store.saveDraft({
    tenantId: "demo",
    flowId: "redirect",
    doc: draft,
    expectedRevision: 1,
    errors: 0,
    warnings: 0,
  });
  // A caller listed as a test caller (or spoofing one) gets the published version.
  const spoofed = await decide(newCall("+15550101", "+15550042"));
  expect(spoofed.actions[0]).toMatchObject({ contacts: [{ uri: "sip:demo@127.0.0.1:5070" }] });
  expect(spoofed.trace?.version).toBe(1);
  await store.grantNumber("+15550199", "demo");
  await store.bindNumber({ number: "+15550199", tenantId: "demo", flowId: "redirect", version: "draft" });
  const tester = await decide(newCall("+15550199", "+15550077"));
  expect(tester.actions[0]).toMatchObject({ contacts: [{ uri: "sip:draft@127.0.0.1:5070" }] });
  expect(tester.trace?.version).toBe("draft");
});

test("a decision node invokes the customer function with its budget and routes on its answer", async () => {
  const calls: [string, number][] = [];
  const { decide } = await setup(async (fn, req, timeoutMs) => {
    calls.push([fn, timeoutMs]);
    return vipCallerFunction(req);
  });
  const vip = await decide(newCall("+15550102", "+15550001"));
  expect(vip.actions[0]).toMatchObject({ type: "redirect", contacts: [{ uri: "sip:vip@127.0.0.1:5070" }] });
  expect(vip.trace?.path).toEqual(["start", "vip", "to-vip"]);
  expect(calls).toEqual([[SAMPLE_CUSTOMER_FUNCTION, 1000]]);
  const regular = await decide(newCall("+15550102", "+15550077"));
  expect(regular.actions[0]).toMatchObject({ contacts: [{ uri: "sip:demo@127.0.0.1:5070" }] });
});

test("a customer function that times out or fails takes the node's timeout/error output", async () => {
  const { decide } = await setup(async () => ({ error: "timeout" }));
  const a = await decide(newCall("+15550102", "+15550001"));
  expect(a.actions[0]).toMatchObject({ contacts: [{ uri: "sip:demo@127.0.0.1:5070" }] });
  const { decide: noInvoker } = await setup();
  expect((await noInvoker(newCall("+15550102", "+15550001"))).actions[0]).toMatchObject({
    contacts: [{ uri: "sip:demo@127.0.0.1:5070" }],
  });
});

test("a failing store is a 503 hangup, not a throw", async () => {
  const { store, decide } = await setup();
  store.getNumber = async () => {
    throw new Error("connection refused");
  };
  expect((await decide(newCall("+15550101"))).actions[0]).toMatchObject({ type: "hangup", status: 503 });
});

test("a customer function is invoked only when the route's tenant registered it; the request names the tenant", async () => {
  const seen: { fn: string; tenantId?: string }[] = [];
  const { store, decide } = await setup(async (fn, req) => {
    seen.push({ fn, ...(req.tenantId ? { tenantId: req.tenantId } : {}) });
    return vipCallerFunction(req);
  });
  expect((await decide(newCall("+15550102", "+15550001"))).actions[0]).toMatchObject({
    contacts: [{ uri: "sip:vip@127.0.0.1:5070" }],
  });
  expect(seen).toEqual([{ fn: SAMPLE_CUSTOMER_FUNCTION, tenantId: "demo" }]);
  // Deregistered (or never registered, or another tenant's, or Ringflow's own): not invoked, error output.
  await store.deleteFunction("demo", SAMPLE_CUSTOMER_FUNCTION);
  expect((await decide(newCall("+15550102", "+15550001"))).actions[0]).toMatchObject({
    contacts: [{ uri: "sip:demo@127.0.0.1:5070" }],
  });
  for (const fn of ["ringflow-decision", "ringflow-customer-other-vip", `${SAMPLE_CUSTOMER_FUNCTION}:live`]) {
    await store.putFunction("demo", fn);
    const doc = { ...(vipFlow as FlowDocument) } as { nodes: Record<string, Record<string, unknown>> };
    doc.nodes = { ...doc.nodes, vip: { ...doc.nodes.vip, function: fn } };
    await store.publish({
      tenantId: "demo",
      flowId: "vip",
      name: "x",
      doc,
      message: "",
      fromRevision: 1,
      publishedBy: "t",
    });
    expect((await decide(newCall("+15550102", "+15550001"))).actions[0]).toMatchObject({
      contacts: [{ uri: "sip:demo@127.0.0.1:5070" }],
    });
  }
  expect(seen).toHaveLength(1);
});

describe("internal and looping targets are refused at run time (targets.ts)", () => {
  const PRODUCTION: RunTargetPolicy = {
    edgeHosts: ["edge.example.com", "203.0.113.5:5060"],
    allowPrivateTargets: false,
  };
  // Published as if validation had not known the policy yet (a flow from before the change).
  const bridgeFlow = (targets: string[], failed?: string): FlowDocument =>
    ({
      version: 1,
      name: "bridge",
      entry: "start",
      nodes: {
        start: { type: "start", next: "ring" },
        ring: {
          type: "forward",
          mode: "bridge",
          targets: targets.map((uri) => ({ uri })),
          ...(failed ? { failed } : {}),
        },
        ...(failed ? { [failed]: { type: "hangup", status: 486, reason: "Flow failure path" } } : {}),
      },
      layout: {},
    }) as unknown as FlowDocument;

  test("a bridge to loopback is removed and the flow takes its failure path, with the refusal in the trace", async () => {
    const { decide, publish } = await setup(undefined, PRODUCTION);
    await publish("b", bridgeFlow(["sip:x@127.0.0.1:5999"], "sorry"), "+15550200");
    const a = await decide(newCall("+15550200"));
    expect(a.actions).toEqual([{ type: "hangup", status: 486, reason: "Flow failure path" }]);
    expect(a.trace?.refused).toEqual([{ target: "sip:x@127.0.0.1:5999", why: "internal_target" }]);
    expect(a.trace?.path).toEqual(["start", "ring", "sorry"]);
  });

  test("refused targets are dropped, the public ones kept; the edge's own host is a loop", async () => {
    const { decide, publish } = await setup(undefined, PRODUCTION);
    await publish(
      "b",
      bridgeFlow([
        "sip:a@169.254.169.254",
        "sip:b@198.51.100.7",
        "sip:c@edge.example.com:5080",
        "sip:d@[::1]",
      ]),
      "+15550201",
    );
    const a = await decide(newCall("+15550201"));
    expect(a.actions).toMatchObject([{ type: "bridge", targets: [{ uri: "sip:b@198.51.100.7" }] }]);
    expect(a.trace?.refused?.map((r) => r.why)).toEqual(["internal_target", "call_loop", "internal_target"]);
  });

  test("a redirect with every contact refused becomes a 480, never a 5xx", async () => {
    const { decide } = await setup(undefined, PRODUCTION);
    const a = await decide(newCall("+15550101")); // the demo redirect flow: sip:demo@127.0.0.1:5070
    expect(a.actions).toEqual([{ type: "hangup", status: 480, reason: "Target refused" }]);
  });

  test("an E.164 target dialled at the caller's request-URI host cannot reach an internal address", async () => {
    // No trunkHost: E.164 targets go back out at the host the INVITE named, which the caller chose.
    const { decide, publish } = await setup(undefined, PRODUCTION);
    await publish("b", bridgeFlow(["+15557770000"]), "+15550202");
    const a = await decide({
      v: 1,
      type: "call.new",
      call: { ...call("+15550202"), requestUri: "sip:+15550202@10.0.0.1:22" },
    });
    expect(a.actions).toEqual([{ type: "hangup", status: 480, reason: "No route" }]);
    expect(a.trace?.refused).toEqual([
      { target: "sip:+15557770000@10.0.0.1:22;user=phone", why: "internal_target" },
    ]);
  });

  test("a customer function choosing the branch that reaches an internal target gets the failure path", async () => {
    const invoke: CustomerInvoker = async () => ({ output: "vip" });
    const { decide } = await setup(invoke, PRODUCTION);
    const a = await decide(newCall("+15550102", "+15550001"));
    expect(a.actions).toEqual([{ type: "hangup", status: 480, reason: "Target refused" }]);
    expect(a.trace?.refused?.[0]).toEqual({ target: "sip:vip@127.0.0.1:5070", why: "internal_target" });
  });
});

describe("live calls", () => {
  const step = (type: "collect.done" | "bridge.done" | "call.ended", state: string, data: unknown) =>
    ({ v: 1, type, call: call("+15550100"), state, data }) as DecisionEventInput;

  test("each step writes the node the call is at; the end removes it; a redirect writes nothing", async () => {
    const live = new MemoryLiveCallStore(() => OPEN);
    const writes: string[] = [];
    const counted: LiveCallStore = {
      putLiveCall: (c, o) => {
        writes.push(`put ${c.node}${o.first ? " (first)" : ""}`);
        return live.putLiveCall(c, o);
      },
      endLiveCall: (t, id) => {
        writes.push(`end ${id}`);
        return live.endLiveCall(t, id);
      },
      listLiveCalls: (t, o) => live.listLiveCalls(t, o),
    };
    const { decide } = await setup(undefined, LOCAL, counted);

    // One decision, one answer, gone: nothing to show, nothing written.
    await decide(newCall("+15550101"));
    expect(writes).toEqual([]);

    const first = await decide(newCall("+15550100"));
    expect(await live.listLiveCalls("demo")).toEqual<LiveCall[]>([
      {
        callId: "call-1",
        tenantId: "demo",
        flowId: "reception",
        version: 1,
        from: "<sip:+15550009@10.0.0.9>;tag=x",
        to: "<sip:+15550100@127.0.0.1>",
        number: "+15550100",
        node: "menu",
        nodeLabel: "Main menu",
        nodeType: "menu",
        waiting: "collect",
        startedAt: OPEN,
        updatedAt: OPEN,
      },
    ]);
    const second = await decide(step("collect.done", first.state, { digits: "2", reason: "maxDigits" }));
    expect(second.actions.map((a) => a.type)).toContain("bridge");
    expect(await live.listLiveCalls("demo")).toMatchObject([
      { node: "support", nodeLabel: "Support desk", waiting: "bridge" },
    ]);
    // Another tenant sees nothing of it.
    expect(await live.listLiveCalls("other")).toEqual([]);
    await decide(step("call.ended", second.state, { by: "caller" }));
    expect(await live.listLiveCalls("demo")).toEqual([]);
    expect(writes).toEqual(["put menu (first)", "put support", "end call-1"]);
  });

  test("a step whose answer hangs up ends the live call", async () => {
    const live = new MemoryLiveCallStore(() => OPEN);
    const { decide } = await setup(undefined, LOCAL, live);
    const first = await decide(newCall("+15550100"));
    expect(await live.listLiveCalls("demo")).toHaveLength(1);
    // No input, no retries left: the menu's failure path says goodbye (a hangup).
    let state = first.state;
    let last = first;
    for (let i = 0; i < 6 && !last.actions.some((a) => a.type === "hangup"); i++) {
      last = await decide(step("collect.done", state, { digits: "", reason: "timeout" }));
      state = last.state;
    }
    expect(last.actions.map((a) => a.type)).toContain("hangup");
    expect(await live.listLiveCalls("demo")).toEqual([]);
  });

  test("a failing or hanging live store never fails nor holds up the call", async () => {
    const broken: LiveCallStore = {
      putLiveCall: () => Promise.reject(new Error("throttled")),
      endLiveCall: () => Promise.reject(new Error("throttled")),
      listLiveCalls: async () => [],
    };
    const { decide } = await setup(undefined, LOCAL, broken);
    const first = await decide(newCall("+15550100"));
    expect(first.actions.map((a) => a.type)).toContain("collect");
    const hanging: LiveCallStore = { ...broken, putLiveCall: () => new Promise(() => {}) };
    const slow = await setup(undefined, LOCAL, hanging);
    const t0 = performance.now();
    const a = await slow.decide(newCall("+15550100"));
    expect(a.actions.map((x) => x.type)).toContain("collect");
    // Answered once the write's cap (150 ms) ran out, not when the write finishes (never).
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  test("a refusal mid-call (the flow's version is gone) removes the live call", async () => {
    const live = new MemoryLiveCallStore(() => OPEN);
    const { decide } = await setup(undefined, LOCAL, live);
    const first = await decide(newCall("+15550100"));
    expect(await live.listLiveCalls("demo")).toHaveLength(1);
    const forged = first.state.replace("rf1|demo|reception|1|", "rf1|demo|reception|9|");
    const a = await decide(step("collect.done", forged, { digits: "1", reason: "maxDigits" }));
    expect(a.actions[0]).toMatchObject({ type: "hangup" });
    expect(await live.listLiveCalls("demo")).toEqual([]);
  });
});
