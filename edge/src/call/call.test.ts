import type { DecisionEvent } from "@ringflow/flow/protocol";
import type { SipRequest, SipResponse } from "@ringflow/sip-core";
import type { Sent } from "@ringflow/sip-core/testing";
import { type FakeEdge, fakeEdge, label, type Plan, reply, request, sdp } from "../../test/fake-edge.js";
import type { Peer } from "../sip/transport.js";

// Whole calls through the edge's real transaction and call layers, sans I/O: sip-core's fake
// transports and clock, a scripted decision function. Each test is one behaviour on the wire.

const CALLEE: Peer = { address: "198.51.100.20", port: 5060, transport: "udp" };
const TARGETS = { "198.51.100.20": CALLEE };
/** A caller behind NAT: its Via and Contact name a private address, its packets come from the NAT's. */
const NATTED: Peer = { address: "203.0.113.7", port: 40000, transport: "udp" };
const PRIVATE = "10.1.1.1:5060";

const bridgeTo = (e: DecisionEvent) =>
  e.type === "call.new"
    ? [
        {
          type: "bridge" as const,
          targets: [{ uri: "sip:bob@198.51.100.20" }],
          strategy: "sequential" as const,
          ringTimeoutSec: 20,
        },
      ]
    : [];

let fe: FakeEdge;
afterEach(async () => {
  await fe?.close();
});

const only = (sent: Sent[], what: string): Sent[] => sent.filter((s) => label(s.message) === what);
const one = (sent: Sent[], what: string): Sent => {
  const m = only(sent, what);
  if (m.length !== 1)
    throw new Error(`expected one ${what}, got ${sent.map((s) => label(s.message)).join(" ")}`);
  return m[0] as Sent;
};
const req = (s: Sent) => s.message as SipRequest;
const res = (s: Sent) => s.message as SipResponse;

/** Caller INVITE -> callee INVITE -> 180, 200 -> 200 to the caller -> ACK: a bridged call. */
async function bridged(
  plan: Plan = bridgeTo,
  o: { from?: Peer; body?: string; via?: string; contact?: string; transport?: "UDP" | "TCP" } = {},
): Promise<{ calleeInvite: SipRequest; callerOk: SipResponse; from: Peer }> {
  fe = await fakeEdge(plan, { targets: TARGETS });
  const from = o.from ?? NATTED;
  fe.inject(
    request({
      callId: "call-1",
      branch: "z9hG4bK-i1",
      via: o.via ?? PRIVATE,
      contact: o.contact ?? `sip:alice@${PRIVATE}`,
      body: o.body ?? sdp(),
      ...(o.transport ? { transport: o.transport } : {}),
    }),
    from,
  );
  await fe.settle();
  const calleeInvite = req(one(fe.take(), "INVITE"));
  fe.inject(reply(calleeInvite, 180, { toTag: "callee1" }), CALLEE);
  fe.inject(
    reply(calleeInvite, 200, {
      toTag: "callee1",
      contact: "sip:bob@198.51.100.20",
      body: sdp("198.51.100.20"),
    }),
    CALLEE,
  );
  await fe.settle();
  const callerOk = res(
    one(
      fe.take().filter((s) => s.to.address === from.address),
      "200",
    ),
  );
  return { calleeInvite, callerOk, from };
}

const ackFor = (ok: SipResponse, o: { body?: string; via?: string; branch?: string } = {}) =>
  request({
    method: "ACK",
    uri: "sip:ringflow@192.0.2.10:5060",
    callId: ok.callId,
    toTag: ok.to.tag ?? "",
    branch: o.branch ?? "z9hG4bK-ack1",
    via: o.via ?? PRIVATE,
    ...(o.body ? { body: o.body } : {}),
  });

/** The callee's BYE in its dialog with the edge. */
const calleeBye = (invite: SipRequest, cseq = 2) =>
  [
    "BYE sip:ringflow@192.0.2.10:5060 SIP/2.0",
    `Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-cb${cseq}`,
    "Max-Forwards: 70",
    "From: <sip:bob@198.51.100.20>;tag=callee1",
    `To: ${invite.get("from")}`,
    `Call-ID: ${invite.callId}`,
    `CSeq: ${cseq} BYE`,
    "Content-Length: 0",
    "",
    "",
  ].join("\n");

describe("NAT'd and TCP callers (item 1)", () => {
  test("the edge's BYE to a NAT'd caller goes where its requests came from, with its Contact as Request-URI", async () => {
    const { calleeInvite, callerOk, from } = await bridged();
    fe.inject(ackFor(callerOk), from);
    // The callee hangs up; the flow answers nothing more: the edge hangs up the caller.
    fe.inject(calleeBye(calleeInvite), CALLEE);
    await fe.settle();
    const bye = one(fe.take(), "BYE");
    expect(bye.to).toMatchObject({ address: NATTED.address, port: NATTED.port });
    expect(req(bye).uri).toBe(`sip:alice@${PRIVATE}`);
  });

  test("over TCP the edge's BYE reuses the caller's connection", async () => {
    const tcpCaller: Peer = { address: "203.0.113.8", port: 51000, transport: "tcp", connectionId: 7 };
    const { calleeInvite, callerOk, from } = await bridged(bridgeTo, { from: tcpCaller, transport: "TCP" });
    fe.inject(ackFor(callerOk), from);
    await fe.settle();
    fe.take();
    // The flow hangs up once the callee does.
    fe.inject(calleeBye(calleeInvite), CALLEE);
    await fe.settle();
    const bye = one(fe.take(), "BYE");
    expect(bye.to).toMatchObject({ transport: "tcp", connectionId: 7, address: tcpCaller.address });
  });
});

describe("bridging", () => {
  test("a callee hanging up is reported as bridge.done answered with its duration, and the flow goes on", async () => {
    const { calleeInvite, callerOk, from } = await bridged((e) =>
      e.type === "call.new"
        ? bridgeTo(e)
        : e.type === "bridge.done"
          ? [{ type: "hangup" as const, reason: "after the bridge" }]
          : [],
    );
    fe.inject(ackFor(callerOk), from);
    fe.clock.advance(12_500);
    fe.inject(calleeBye(calleeInvite), CALLEE);
    await fe.settle();
    const done = fe.events.find((e) => e.type === "bridge.done");
    expect(done).toMatchObject({ data: { outcome: "answered", sipCode: 200, durationSec: 12.5 } });
    const sent = fe.take();
    expect(one(sent, "200").to).toMatchObject({ address: CALLEE.address }); // the callee's BYE answered
    expect(req(one(sent, "BYE")).get("reason")).toMatch(/after the bridge/);
    expect(fe.events.some((e) => e.type === "call.ended")).toBe(false);
  });

  test("the ring timeout CANCELs on the clock, and the flow hears noAnswer", async () => {
    fe = await fakeEdge(
      (e) =>
        e.type === "call.new"
          ? [
              {
                type: "bridge",
                targets: [{ uri: "sip:bob@198.51.100.20", timeoutSec: 7 }],
                strategy: "sequential",
                ringTimeoutSec: 20,
              },
            ]
          : [{ type: "hangup", status: 486 }],
      { targets: TARGETS },
    );
    fe.inject(request({ callId: "ring-1", branch: "z9hG4bK-r1", via: PRIVATE, body: sdp() }), NATTED);
    await fe.settle();
    const invite = req(one(fe.take(), "INVITE"));
    fe.inject(reply(invite, 180, { toTag: "callee1" }), CALLEE);
    fe.clock.advance(6_999);
    expect(only(fe.take(), "CANCEL")).toHaveLength(0);
    fe.clock.advance(1);
    expect(only(fe.take(), "CANCEL")).toHaveLength(1);
    await fe.settle();
    expect(fe.events.at(-1)).toMatchObject({
      type: "bridge.done",
      data: { outcome: "noAnswer", sipCode: 0 },
    });
    expect(one(fe.take(), "486").to).toMatchObject({ address: NATTED.address });
  });

  test("delayed offer (item 2): the callee's offer goes to the caller, the caller's answer in its ACK goes to the callee's ACK", async () => {
    const { calleeInvite, callerOk, from } = await bridged(bridgeTo, { body: "" });
    expect(calleeInvite.body.length).toBe(0);
    expect(callerOk.body.toString()).toContain("198.51.100.20");
    // Not ACKed yet: the ACK must carry the answer, which only the caller has.
    expect(only(fe.take(), "ACK")).toHaveLength(0);
    fe.inject(ackFor(callerOk, { body: sdp("10.1.1.1") }), from);
    await fe.settle();
    const ack = req(one(fe.take(), "ACK"));
    expect(ack.to.tag).toBe("callee1");
    expect(ack.body.toString()).toContain("10.1.1.1");
    expect(ack.get("content-type")).toBe("application/sdp");
  });

  test("a 2xx from a second fork gets its own ACK and a BYE (item 3, §13.2.2.4)", async () => {
    const { calleeInvite } = await bridged();
    fe.inject(
      reply(calleeInvite, 200, {
        toTag: "fork2",
        contact: "sip:bob2@198.51.100.21",
        body: sdp("198.51.100.21"),
      }),
      CALLEE,
    );
    await fe.settle();
    const sent = fe.take();
    const ack = req(one(sent, "ACK"));
    const bye = req(one(sent, "BYE"));
    expect(ack.to.tag).toBe("fork2");
    expect(bye.to.tag).toBe("fork2");
    expect(bye.uri).toBe("sip:bob2@198.51.100.21");
    // The caller got one 200 only.
    expect(only(sent, "200")).toHaveLength(0);
  });
});

describe("large INVITEs (item 6, §18.1.1)", () => {
  const big = () => `${sdp()}${"a=x-padding:0123456789012345678901234567890123456789\n".repeat(30)}`;
  const bigCall = async (tcpFails: boolean, uri = "sip:bob@198.51.100.20") => {
    fe = await fakeEdge(
      (e) =>
        e.type === "call.new"
          ? [{ type: "bridge", targets: [{ uri }], strategy: "sequential", ringTimeoutSec: 20 }]
          : [],
      { targets: TARGETS },
    );
    fe.tcp.failSends = tcpFails;
    fe.inject(request({ callId: "big-1", branch: "z9hG4bK-big1", via: PRIVATE, body: big() }), NATTED);
    await fe.settle();
    return only(fe.take(), "INVITE").map((s) => ({
      transport: s.to.transport,
      via: req(s).get("via") ?? "",
    }));
  };

  test("an INVITE over 1,300 bytes to a target without a transport goes over TCP", async () => {
    const sent = await bigCall(false);
    expect(sent).toEqual([{ transport: "tcp", via: expect.stringMatching(/^SIP\/2\.0\/TCP /) }]);
  });

  test("when TCP cannot connect, the INVITE goes over UDP after all", async () => {
    const sent = await bigCall(true);
    expect(sent.map((s) => s.transport)).toEqual(["udp"]);
    expect(sent[0]?.via).toMatch(/^SIP\/2\.0\/UDP /);
  });

  test("a target that names UDP keeps UDP", async () => {
    const sent = await bigCall(false, "sip:bob@198.51.100.20;transport=udp");
    expect(sent.map((s) => s.transport)).toEqual(["udp"]);
  });
});

describe("bridge targets checked after DNS (protect/targets.ts)", () => {
  // A name that looks public resolves to cloud metadata; another to the edge itself.
  const targets = {
    "metadata.evil.example": { address: "169.254.169.254", port: 5060, transport: "udp" as const },
    "loop.evil.example": { address: "192.0.2.10", port: 5060, transport: "udp" as const },
    ...TARGETS,
  };
  const plan = (uri: string) => (e: DecisionEvent) =>
    e.type === "call.new"
      ? [{ type: "bridge" as const, targets: [{ uri }], strategy: "sequential" as const, ringTimeoutSec: 20 }]
      : e.type === "bridge.done"
        ? [{ type: "hangup" as const, status: 480, reason: "Target refused" }]
        : [];

  test.each([
    [
      "an internal address, internal targets refused",
      "sip:x@metadata.evil.example",
      ["--internal-targets", "refuse"],
    ],
    ["the edge's own address, even where internal targets are allowed", "sip:x@loop.evil.example", []],
  ])(
    "%s: no INVITE leaves, the flow hears bridge.done failed and the caller gets its answer",
    async (_, uri, args) => {
      fe = await fakeEdge(plan(uri), { targets, args });
      fe.inject(request({ callId: "guard-1", branch: "z9hG4bK-g1", via: PRIVATE, body: sdp() }), NATTED);
      await fe.settle();
      const sent = fe.take();
      expect(only(sent, "INVITE")).toHaveLength(0);
      expect(fe.events.at(-1)).toMatchObject({ type: "bridge.done", data: { outcome: "failed" } });
      expect(one(sent, "480").to).toMatchObject({ address: NATTED.address });
    },
  );

  test("the same internal target is dialled when internal targets are allowed (local mode)", async () => {
    fe = await fakeEdge(plan("sip:x@metadata.evil.example"), {
      targets,
      args: ["--internal-targets", "allow"],
    });
    fe.inject(request({ callId: "guard-2", branch: "z9hG4bK-g2", via: PRIVATE, body: sdp() }), NATTED);
    await fe.settle();
    expect(one(fe.take(), "INVITE").to).toMatchObject({ address: "169.254.169.254" });
  });
});
