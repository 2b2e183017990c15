import type { RemoteInfo, Socket } from "node:dgram";
import { type Negotiated, UnheardSendCap } from "@ringflow/media";
import type { RtpPair } from "./ports.js";
import { RtpRelay } from "./relay.js";

// The anchored relay's forwarding rules, on sockets that only record what is sent.

type SentPacket = { port: number; address: string; pt: number };

function fakePair(port: number): RtpPair & { sent: { rtp: SentPacket[]; rtcp: SentPacket[] } } {
  const sent = { rtp: [] as SentPacket[], rtcp: [] as SentPacket[] };
  const socket = (into: SentPacket[]) =>
    ({
      on: () => undefined,
      send: (m: Buffer, p: number, a: string) => into.push({ port: p, address: a, pt: (m[1] ?? 0) & 0x7f }),
    }) as unknown as Socket;
  return { port, rtp: socket(sent.rtp), rtcp: socket(sent.rtcp), bound: Promise.resolve(true), sent };
}

const neg = (o: Partial<Negotiated>): Negotiated => ({
  remoteAddress: "198.51.100.20",
  remotePort: 30000,
  remoteRtcpPort: 30001,
  rtcpMux: false,
  codec: "PCMU",
  payloadType: 0,
  telephoneEventPt: 101,
  ptime: 20,
  direction: "sendrecv",
  ...o,
});

const rtp = (pt: number) => Buffer.from([0x80, pt, 0, 1, 0, 0, 0, 160, 0, 0, 0, 7, 0xff, 0xff]);
const WATCH = (clock: () => number) => ({ limits: { timeoutMs: 2_000, holdTimeoutMs: 60_000 }, clock });
const FROM_CALLEE: RemoteInfo = { address: "198.51.100.20", port: 30000, family: "IPv4", size: 14 };
const CALLEE_SIP = "198.51.100.9";
const FROM_CALLER: RemoteInfo = { address: "203.0.113.7", port: 40000, family: "IPv4", size: 14 };

/** A relay between fake pairs on the clock `clock`, and a way to feed it the callee's datagrams. */
function bridgedOnFakes(clock: () => number) {
  const callerPair = fakePair(20000);
  const calleePair = fakePair(20002);
  let deliver: (m: Buffer, ri: RemoteInfo) => void = () => undefined;
  (calleePair.rtp as unknown as { on: (e: string, f: typeof deliver) => void }).on = (_e, f) => {
    deliver = f;
  };
  const caller = { address: FROM_CALLER.address, port: FROM_CALLER.port, neg: neg({}) };
  const relay = new RtpRelay(callerPair, calleePair, caller, neg({}), CALLEE_SIP, WATCH(clock));
  const fromCallee = (m: Buffer, ri: RemoteInfo) => deliver(m, ri);
  return { callerPair, calleePair, caller, relay, fromCallee };
}

test("a re-INVITE from the callee moves its side: hold stops the caller's RTP towards it, RTCP still flows, unhold resumes at its new port", () => {
  const callerPair = fakePair(20000);
  const calleePair = fakePair(20002);
  const caller = {
    address: FROM_CALLER.address,
    port: FROM_CALLER.port,
    neg: neg({ remoteAddress: "203.0.113.7" }),
  };
  const relay = new RtpRelay(
    callerPair,
    calleePair,
    caller,
    neg({ telephoneEventPt: 96 }),
    CALLEE_SIP,
    WATCH(() => 0),
  );

  relay.fromCaller(rtp(101), FROM_CALLER, false);
  expect(calleePair.sent.rtp).toEqual([{ port: 30000, address: "198.51.100.20", pt: 96 }]); // digits mapped

  // The callee offered sendonly (hold): we answered recvonly, so we send it nothing (RFC 3264 §6.1).
  relay.calleeMoved(neg({ telephoneEventPt: 96, direction: "recvonly" }));
  relay.fromCaller(rtp(0), FROM_CALLER, false);
  relay.fromCaller(rtp(200), FROM_CALLER, true);
  expect(calleePair.sent.rtp).toHaveLength(1);
  expect(calleePair.sent.rtcp).toEqual([{ port: 30001, address: "198.51.100.20", pt: 200 & 0x7f }]);

  // Unhold from another port, and with telephone-event on 101 now: no more mapping.
  relay.calleeMoved(neg({ remotePort: 31000, remoteRtcpPort: 31001, direction: "sendrecv" }));
  relay.fromCaller(rtp(101), FROM_CALLER, false);
  expect(calleePair.sent.rtp.at(-1)).toEqual({ port: 31000, address: "198.51.100.20", pt: 101 });
});

test("a bridged side whose media died is reported once: the caller's or the callee's silence, the hold timeout while that side holds", () => {
  let now = 0;
  const { callerPair, calleePair, caller, relay, fromCallee } = bridgedOnFakes(() => now);
  // Both sides talk: nothing to report however long the call.
  for (; now < 10_000; now += 20) {
    relay.fromCaller(rtp(0), FROM_CALLER, false);
    fromCallee(rtp(0), FROM_CALLEE);
    expect(relay.silent(now)).toBeNull();
  }
  // The callee goes silent: reported after 2 s, once.
  const last = now - 20; // the callee's last packet
  for (; now < last + 2_000; now += 20) {
    relay.fromCaller(rtp(0), FROM_CALLER, false);
    expect(relay.silent(now)).toBeNull();
  }
  now = last + 2_000;
  expect(relay.silent(now)).toEqual({ side: "callee", silentForMs: 2_000, held: false });
  expect(relay.silent(now + 20)).toBeNull();

  // Another relay: the caller holds (we answered recvonly) and sends nothing: only the hold timeout ends it.
  now = 0;
  const held = new RtpRelay(
    callerPair,
    calleePair,
    caller,
    neg({}),
    CALLEE_SIP,
    WATCH(() => now),
  );
  held.callerMoved(neg({ remoteAddress: FROM_CALLER.address, direction: "recvonly" }));
  for (; now < 59_000; now += 1_000) {
    fromCallee(rtp(0), FROM_CALLEE);
    expect(held.silent(now)).toBeNull();
  }
  fromCallee(rtp(0), FROM_CALLEE);
  now = 60_000;
  expect(held.silent(now)).toEqual({ side: "caller", silentForMs: 60_000, held: true });
});

test("the call's reflection guard carries into the relay: a caller never heard from gets the rest of the call's budget of the callee's RTP, then nothing until its own RTP", () => {
  const callerPair = fakePair(20000);
  const calleePair = fakePair(20002);
  let fromCallee: (m: Buffer, ri: RemoteInfo, rtcp: boolean) => void = () => undefined;
  (calleePair.rtp as unknown as { on: (e: string, f: (m: Buffer, ri: RemoteInfo) => void) => void }).on = (
    _e,
    f,
  ) => {
    fromCallee = (m, ri) => f(m, ri);
  };
  const victim = { address: "192.0.2.50", port: 7000 };
  const cap = new UnheardSendCap(150);
  for (let i = 0; i < 140; i++) cap.allowRtp(); // what the caller's media session already sent
  const relay = new RtpRelay(
    callerPair,
    calleePair,
    { ...victim, neg: neg({ remoteAddress: victim.address, remotePort: victim.port }), cap },
    neg({}),
    CALLEE_SIP,
    WATCH(() => 0),
  );
  for (let i = 0; i < 100; i++) fromCallee(rtp(0), FROM_CALLEE, false);
  expect(callerPair.sent.rtp).toHaveLength(10);
  expect(cap.withheld).toBe(90);
  // RTCP from elsewhere proves nothing about the address we send to.
  relay.fromCaller(rtp(200), FROM_CALLER, true);
  fromCallee(rtp(0), FROM_CALLEE, false);
  expect(callerPair.sent.rtp).toHaveLength(10);
  // The caller's RTP: latched to its source, sending resumes there.
  relay.fromCaller(rtp(0), FROM_CALLER, false);
  fromCallee(rtp(0), FROM_CALLEE, false);
  expect(callerPair.sent.rtp.at(-1)).toEqual({ port: FROM_CALLER.port, address: FROM_CALLER.address, pt: 0 });
  // A re-INVITE to a new address: unheard again, and the call's budget is spent.
  relay.callerMoved(neg({ remoteAddress: "192.0.2.51", remotePort: 7002 }));
  fromCallee(rtp(0), FROM_CALLEE, false);
  expect(callerPair.sent.rtp).toHaveLength(11);
  expect(cap.withheld).toBe(92);
});

test("a stranger spraying the callee's port neither takes the caller's audio nor speaks to the caller (RTP bleed)", () => {
  let now = 0;
  const { callerPair, calleePair, relay, fromCallee } = bridgedOnFakes(() => now);
  const attacker: RemoteInfo = { address: "192.0.2.66", port: 6666, family: "IPv4", size: 14 };
  // The attacker is first on the callee's port, before the callee's media arrives ...
  fromCallee(rtp(0), attacker);
  relay.fromCaller(rtp(0), FROM_CALLER, false);
  // ... and keeps at it once the callee talks (from another port than its SDP's, on its SIP address).
  const callee: RemoteInfo = { address: CALLEE_SIP, port: 30500, family: "IPv4", size: 14 };
  for (now = 20; now < 2_000; now += 20) {
    fromCallee(rtp(0), callee);
    fromCallee(rtp(0), attacker);
    relay.fromCaller(rtp(0), FROM_CALLER, false);
  }
  expect(relay.stats.bToA).toBe(99); // the callee's packets only
  expect(callerPair.sent.rtp).toHaveLength(99);
  // The caller's audio went to the callee's SDP address until the callee latched, then to the callee.
  expect(calleePair.sent.rtp.some((p) => p.address === attacker.address)).toBe(false);
  expect(calleePair.sent.rtp.at(-1)).toEqual({ port: 30500, address: CALLEE_SIP, pt: 0 });
});
