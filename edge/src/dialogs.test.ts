import type { SipRequest, SipResponse } from "@ringflow/sip-core";
import type { Sent } from "@ringflow/sip-core/testing";
import { type FakeEdge, fakeEdge, label, reply, request, sdp } from "../test/fake-edge.js";
import type { Peer } from "./sip/transport.js";

// The edge's dispatch of requests to calls, sans I/O: dialogs matched by their full id
// (Call-ID and both tags, §12.2.2), CANCEL matched per §9.1/§9.2, merged INVITEs (§8.2.2.2),
// and a relayed re-INVITE's 100 Trying (§17.2.1).

const CALLEE: Peer = { address: "198.51.100.20", port: 5060, transport: "udp" };
const CALLER: Peer = { address: "203.0.113.7", port: 40000, transport: "udp" };
const VIA = "203.0.113.7:40000";

let fe: FakeEdge;
afterEach(async () => {
  await fe?.close();
});

const labels = (sent: Sent[]) => sent.map((s) => label(s.message));
const find = (sent: Sent[], what: string): Sent => {
  const s = sent.find((m) => label(m.message) === what);
  if (!s) throw new Error(`no ${what} in ${labels(sent).join(" ")}`);
  return s;
};

const bridge = () =>
  fakeEdge(
    (e) =>
      e.type === "call.new"
        ? [
            {
              type: "bridge",
              targets: [{ uri: "sip:bob@198.51.100.20" }],
              strategy: "sequential",
              ringTimeoutSec: 20,
            },
          ]
        : [],
    { targets: { "198.51.100.20": CALLEE } },
  );

/** A call ringing its callee; returns the callee's INVITE. */
async function ringing(): Promise<SipRequest> {
  fe = await bridge();
  fe.inject(
    request({ callId: "d-1", branch: "z9hG4bK-d1", via: VIA, contact: `sip:alice@${VIA}`, body: sdp() }),
    CALLER,
  );
  await fe.settle();
  const invite = find(fe.take(), "INVITE").message as SipRequest;
  fe.inject(reply(invite, 180, { toTag: "callee1" }), CALLEE);
  await fe.settle();
  fe.take();
  return invite;
}

/** A call answered by its callee and ACKed by the caller; returns the caller's 200. */
async function answered(
  calleeContact = "sip:bob@198.51.100.20",
): Promise<{ invite: SipRequest; ok: SipResponse }> {
  const invite = await ringing();
  fe.inject(
    reply(invite, 200, { toTag: "callee1", contact: calleeContact, body: sdp("198.51.100.20") }),
    CALLEE,
  );
  await fe.settle();
  const ok = find(fe.take(), "200").message as SipResponse;
  fe.inject(
    request({
      method: "ACK",
      uri: `sip:ringflow@192.0.2.10`,
      callId: "d-1",
      toTag: ok.to.tag ?? "",
      branch: "z9hG4bK-a1",
      via: VIA,
    }),
    CALLER,
  );
  await fe.settle();
  fe.take();
  return { invite, ok };
}

test("a BYE with the call's Call-ID but tags of no dialog gets 481, and the call goes on (item 4)", async () => {
  const { ok } = await answered();
  fe.inject(
    request({
      method: "BYE",
      uri: `sip:ringflow@192.0.2.10`,
      callId: "d-1",
      fromTag: "someone-else",
      toTag: ok.to.tag ?? "",
      cseq: 2,
      branch: "z9hG4bK-x1",
      via: VIA,
    }),
    CALLER,
  );
  fe.inject(
    request({
      method: "BYE",
      uri: `sip:ringflow@192.0.2.10`,
      callId: "d-1",
      toTag: "not-ours",
      cseq: 2,
      branch: "z9hG4bK-x2",
      via: VIA,
    }),
    CALLER,
  );
  await fe.settle();
  expect(labels(fe.take())).toEqual(["481", "481"]);
  expect(fe.edge.stats().callsInProgress).toBe(1);
  // The real BYE still ends it.
  fe.inject(
    request({
      method: "BYE",
      uri: `sip:ringflow@192.0.2.10`,
      callId: "d-1",
      toTag: ok.to.tag ?? "",
      cseq: 2,
      branch: "z9hG4bK-x3",
      via: VIA,
    }),
    CALLER,
  );
  await fe.settle();
  expect(labels(fe.take())).toEqual(["200", "BYE"]);
});

test("a CANCEL with the INVITE's branch but another Call-ID gets 481 and cancels nothing (item 4, §9.1)", async () => {
  const invite = await ringing();
  fe.inject(request({ method: "CANCEL", callId: "other-call", branch: "z9hG4bK-d1", via: VIA }), CALLER);
  await fe.settle();
  expect(labels(fe.take())).toEqual(["481"]);
  // Still ringing: the callee's answer reaches the caller.
  fe.inject(reply(invite, 200, { toTag: "callee1", contact: "sip:bob@198.51.100.20", body: sdp() }), CALLEE);
  await fe.settle();
  expect(labels(fe.take())).toEqual(["ACK", "200"]);
});

test("a merged INVITE (same Call-ID, From tag and CSeq, another branch) gets 482 and rings nobody (item 5)", async () => {
  await ringing();
  fe.inject(request({ callId: "d-1", branch: "z9hG4bK-d1-copy", via: "198.51.100.99:5060", body: sdp() }), {
    address: "198.51.100.99",
    port: 5060,
    transport: "udp",
  });
  await fe.settle();
  const sent = fe.take();
  expect(labels(sent)).toEqual(["482"]);
  expect(fe.events.filter((e) => e.type === "call.new")).toHaveLength(1);
});

test("an INVITE carrying one of the edge's own leg Call-IDs is a loop: 482", async () => {
  const invite = await ringing();
  fe.inject(
    request({
      callId: invite.callId,
      fromTag: invite.from.tag ?? "",
      branch: "z9hG4bK-loop",
      via: VIA,
      body: sdp(),
    }),
    CALLER,
  );
  await fe.settle();
  expect(labels(fe.take())).toEqual(["482"]);
});

test("a relayed re-INVITE gets 100 Trying at once, before the far end answers (item 6)", async () => {
  const { ok } = await answered();
  fe.inject(
    request({
      method: "INVITE",
      uri: `sip:ringflow@192.0.2.10`,
      callId: "d-1",
      toTag: ok.to.tag ?? "",
      cseq: 2,
      branch: "z9hG4bK-re1",
      via: VIA,
      body: sdp("10.9.9.9"),
    }),
    CALLER,
  );
  await fe.settle();
  const sent = fe.take();
  expect(labels(sent)).toEqual(["100", "INVITE"]);
  expect(sent[0]?.to).toMatchObject({ address: CALLER.address });
  expect((find(sent, "INVITE").message as SipRequest).body.toString()).toContain("10.9.9.9");
});

describe("relayed requests over 1,300 bytes (§18.1.1)", () => {
  const big = () =>
    `${sdp("10.9.9.9")}${"a=x-padding:0123456789012345678901234567890123456789\n".repeat(30)}`;
  const reinvite = (toTag: string) =>
    request({
      method: "INVITE",
      uri: "sip:ringflow@192.0.2.10",
      callId: "d-1",
      toTag,
      cseq: 2,
      branch: "z9hG4bK-big-re",
      via: VIA,
      body: big(),
    });
  const relayed = (sent: Sent[]) =>
    sent
      .filter((s) => label(s.message) === "INVITE")
      .map((s) => ({ transport: s.to.transport, via: (s.message as SipRequest).get("via") ?? "" }));

  test("a large re-INVITE to a callee whose Contact names no transport goes over TCP, its Via says TCP", async () => {
    const { ok } = await answered();
    fe.inject(reinvite(ok.to.tag ?? ""), CALLER);
    await fe.settle();
    const sent = relayed(fe.take());
    expect(sent).toEqual([{ transport: "tcp", via: expect.stringMatching(/^SIP\/2\.0\/TCP /) }]);
  });

  test("when TCP cannot connect, it goes over UDP after all, and its answer reaches the caller", async () => {
    const { ok } = await answered();
    fe.tcp.failSends = true;
    fe.inject(reinvite(ok.to.tag ?? ""), CALLER);
    await fe.settle();
    const sent = fe.take();
    expect(relayed(sent)).toEqual([{ transport: "udp", via: expect.stringMatching(/^SIP\/2\.0\/UDP /) }]);
    const out = find(sent, "INVITE").message as SipRequest;
    fe.inject(reply(out, 200, { contact: "sip:bob@198.51.100.20", body: sdp("198.51.100.20") }), CALLEE);
    await fe.settle();
    expect(labels(fe.take())).toContain("200");
  });

  test("a small re-INVITE stays on UDP", async () => {
    const { ok } = await answered();
    fe.inject(
      request({
        method: "INVITE",
        uri: "sip:ringflow@192.0.2.10",
        callId: "d-1",
        toTag: ok.to.tag ?? "",
        cseq: 2,
        branch: "z9hG4bK-small-re",
        via: VIA,
        body: sdp("10.9.9.9"),
      }),
      CALLER,
    );
    await fe.settle();
    expect(relayed(fe.take()).map((s) => s.transport)).toEqual(["udp"]);
  });

  test("a callee whose Contact names UDP keeps UDP", async () => {
    const { ok } = await answered("sip:bob@198.51.100.20;transport=udp");
    fe.inject(reinvite(ok.to.tag ?? ""), CALLER);
    await fe.settle();
    expect(relayed(fe.take()).map((s) => s.transport)).toEqual(["udp"]);
  });

  test("toward the caller a large request stays on the caller's flow (UDP here)", async () => {
    const { invite } = await answered();
    const fromCallee = [
      "INVITE sip:alice@203.0.113.7:40000 SIP/2.0",
      "Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-callee-re;rport",
      "Max-Forwards: 70",
      `From: ${(invite.get("to") ?? "").replace(/;tag=.*$/, "")};tag=callee1`,
      `To: ${invite.get("from")}`,
      `Call-ID: ${invite.callId}`,
      "CSeq: 5 INVITE",
      "Contact: <sip:bob@198.51.100.20>",
      "Content-Type: application/sdp",
      `Content-Length: ${Buffer.byteLength(big().replace(/\n/g, "\r\n"))}`,
      "",
      big(),
    ].join("\n");
    fe.inject(fromCallee, CALLEE);
    await fe.settle();
    expect(relayed(fe.take()).map((s) => s.transport)).toEqual(["udp"]);
  });
});
