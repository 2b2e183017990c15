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
async function answered(): Promise<{ invite: SipRequest; ok: SipResponse }> {
  const invite = await ringing();
  fe.inject(
    reply(invite, 200, { toTag: "callee1", contact: "sip:bob@198.51.100.20", body: sdp("198.51.100.20") }),
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
