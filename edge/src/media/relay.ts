import type { RemoteInfo } from "node:dgram";
import {
  type InactivityLimits,
  InactivityTimer,
  type Negotiated,
  type Silence,
  SourceLatch,
  type UnheardSendCap,
} from "@ringflow/media";
import type { RtpPair } from "./ports.js";

// Anchored media after a local answer: the caller already has our SDP, so when the flow bridges
// the call the edge stays in the media path and relays RTP and RTCP between the caller's port
// pair and the pair it offered the callee, packet for packet (the callee was offered only the
// caller's codec, so nothing is transcoded). Payload types are mapped where the two sides chose
// different numbers (telephone-event: RFC 4733 digits pass through). Each side's destination is
// The caller's side keeps the call's reflection guard (`cap`, shared with its media sessions):
// until a packet from the caller proves where it is, at most the call's budget of the callee's
// RTP goes to the caller's SDP address (RFC 4961 symmetric RTP, see @ringflow/media send-cap). The
// caller's side is filtered by CallMedia's latch before it reaches the relay; the callee's has its
// own (restricted latching, @ringflow/media latch.ts): expected from the callee's SDP address or
// the address its SIP goes to, so nobody else can take over where the caller's audio goes.
// Each side has its inactivity timer (the hold timeout while that side holds): a bridged call
// whose media died on either side is ended like an unbridged one.

export interface Forward {
  address: string;
  port: number;
  neg: Negotiated;
  /** The call's unheard-send cap (absent: none). */
  cap?: UnheardSendCap;
}

interface Side {
  address: string;
  port: number;
  rtcpPort: number;
  latched: boolean;
  /** Whether our SDP towards this side lets us send RTP to it (RFC 3264 §6.1: not when we answered recvonly or inactive). */
  receives: boolean;
}

const weSend = (neg: Negotiated): boolean => neg.direction === "sendrecv" || neg.direction === "sendonly";

/** Sees every datagram the relay takes from the callee and sends either way (RTP capture). */
export type RelayTap = (
  srcHost: string,
  srcPort: number,
  dstHost: string,
  dstPort: number,
  data: Uint8Array,
) => void;

export class RtpRelay {
  private readonly a: Side;
  private readonly b: Side;
  /** Payload type maps (index: the PT received, value: the PT sent on), -1 = the same. */
  private aToB = new Int16Array(128).fill(-1);
  private bToA = new Int16Array(128).fill(-1);
  readonly stats = { aToB: 0, bToA: 0 };
  private readonly silentCaller: InactivityTimer;
  private readonly silentCallee: InactivityTimer;
  private readonly clock: () => number;

  private callerNeg: Negotiated;
  private readonly callerCap: UnheardSendCap | undefined;
  /** Whose datagrams the callee's ports take. */
  private readonly calleeLatch: SourceLatch;

  constructor(
    private readonly callerPair: RtpPair,
    private readonly calleePair: RtpPair,
    caller: Forward,
    private callee: Negotiated,
    /** Where the callee's SIP goes: its media is expected from there or from its SDP's address. */
    private readonly calleeSignalling: string,
    /** Inactivity limits, and the media clock (the pacer's). */
    watch: { limits: InactivityLimits; clock: () => number },
    /** Where the relay reports datagrams (the caller's inbound ones are seen by CallMedia). */
    private readonly tap?: { fn: RelayTap; localHost: string },
  ) {
    this.clock = watch.clock;
    this.silentCaller = new InactivityTimer(watch.limits, this.clock());
    this.silentCallee = new InactivityTimer(watch.limits, this.clock());
    this.a = {
      address: caller.address,
      port: caller.port,
      rtcpPort: caller.neg.remoteRtcpPort,
      latched: true,
      receives: weSend(caller.neg),
    };
    this.b = {
      address: callee.remoteAddress,
      port: callee.remotePort,
      rtcpPort: callee.remoteRtcpPort,
      latched: false,
      receives: weSend(callee),
    };
    this.callerNeg = caller.neg;
    this.callerCap = caller.cap;
    this.calleeLatch = new SourceLatch([callee.remoteAddress, calleeSignalling], this.clock());
    this.map(caller.neg);
    calleePair.rtp.on("message", (m: Buffer, ri: RemoteInfo) => this.fromCallee(m, ri, false));
    calleePair.rtcp.on("message", (m: Buffer, ri: RemoteInfo) => this.fromCallee(m, ri, true));
  }

  private map(caller: Negotiated): void {
    this.aToB.fill(-1);
    this.bToA.fill(-1);
    const pairs: [number | null, number | null][] = [
      [caller.payloadType, this.callee.payloadType],
      [caller.telephoneEventPt, this.callee.telephoneEventPt],
    ];
    for (const [x, y] of pairs) {
      if (x === null || y === null || x === y) continue;
      this.aToB[x] = y;
      this.bToA[y] = x;
    }
  }

  /**
   * A re-INVITE from the caller changed its side (a new address, payload types, or hold: after
   * a=sendonly or inactive we answered recvonly or inactive, so the callee's RTP is not sent on
   * until the caller takes the call back, §8.4; RTCP still flows).
   */
  callerMoved(neg: Negotiated): void {
    this.silentCaller.restart(this.clock());
    if (neg.remoteAddress !== this.a.address || neg.remotePort !== this.a.port) this.callerCap?.moved();
    this.a.receives = weSend(neg);
    this.a.address = neg.remoteAddress;
    this.a.port = neg.remotePort;
    this.a.rtcpPort = neg.remoteRtcpPort;
    this.a.latched = false;
    this.callerNeg = neg;
    this.map(neg);
  }

  /** The same for a re-INVITE from the callee (its hold stops the caller's RTP towards it). */
  calleeMoved(neg: Negotiated): void {
    this.silentCallee.restart(this.clock());
    this.b.receives = weSend(neg);
    this.b.address = neg.remoteAddress;
    this.b.port = neg.remotePort;
    this.b.rtcpPort = neg.remoteRtcpPort;
    this.b.latched = false;
    this.calleeLatch.relearn([neg.remoteAddress, this.calleeSignalling], this.clock());
    this.callee = neg;
    this.map(this.callerNeg);
  }

  /** A side whose media died: the first time its silence passes its limit. */
  silent(now: number): (Silence & { side: "caller" | "callee" }) | null {
    // Either side holding holds the call: the other side hears nothing and may fall silent too.
    const held = this.callerNeg.direction !== "sendrecv" || this.callee.direction !== "sendrecv";
    const a = this.silentCaller.check(now, held);
    if (a) return { side: "caller", ...a };
    const b = this.silentCallee.check(now, held);
    return b ? { side: "callee", ...b } : null;
  }

  fromCaller(m: Buffer, ri: RemoteInfo, rtcp: boolean): void {
    this.silentCaller.heard(this.clock());
    if (!rtcp) this.latch(this.a, ri);
    // RTP: we now send where it came from; RTCP (no latch) proves only the address we send to.
    if (!rtcp || ri.address === this.a.address) this.callerCap?.heardFrom();
    this.forward(m, rtcp, this.b, this.calleePair, this.aToB);
    this.stats.aToB++;
  }

  private fromCallee(m: Buffer, ri: RemoteInfo, rtcp: boolean): void {
    const now = this.clock();
    const l = this.calleeLatch;
    if (rtcp ? !l.hears(ri.address) : l.offer(ri.address, ri.port, now) === "drop") return;
    this.silentCallee.heard(now);
    const t = this.tap;
    if (t) t.fn(ri.address, ri.port, t.localHost, this.calleePair.port + (rtcp ? 1 : 0), m);
    if (!rtcp) this.latch(this.b, ri);
    this.forward(m, rtcp, this.a, this.callerPair, this.bToA);
    this.stats.bToA++;
  }

  private latch(s: Side, ri: RemoteInfo): void {
    if (s.latched && s.address === ri.address && s.port === ri.port) return;
    s.address = ri.address;
    s.port = ri.port;
    s.rtcpPort = ri.port + 1;
    s.latched = true;
  }

  private forward(m: Buffer, rtcp: boolean, to: Side, via: RtpPair, map: Int16Array): void {
    if (to.port === 0 || to.address === "0.0.0.0") return;
    const cap = to === this.a ? this.callerCap : undefined;
    const t = this.tap;
    if (rtcp) {
      if (cap && !cap.allowRtcp()) return;
      if (t) t.fn(t.localHost, via.port + 1, to.address, to.rtcpPort, m);
      via.rtcp.send(m, to.rtcpPort, to.address);
      return;
    }
    if (!to.receives) return;
    if (cap && !cap.allowRtp()) return;
    if (m.length >= 12) {
      const pt = (m[1] as number) & 0x7f;
      const out = map[pt] as number;
      if (out >= 0) m[1] = ((m[1] as number) & 0x80) | out;
    }
    if (t) t.fn(t.localHost, via.port, to.address, to.port, m);
    via.rtp.send(m, to.port, to.address);
  }
}
