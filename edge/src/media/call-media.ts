import type { RemoteInfo } from "node:dgram";
import {
  type MediaActionType,
  type MediaEvent,
  type MediaResult,
  MediaSession,
  type Negotiated,
  parseDtmfInfo,
  RINGBACK_US,
  SdpSession,
  SourceLatch,
  UnheardSendCap,
} from "@ringflow/media";
import { rtpCaptureKey } from "@ringflow/names";
import {
  createResponse,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
} from "@ringflow/sip-core";
import type { CallControl, LocalSession } from "../call/executor.js";
import { contact } from "../sip/dialog.js";
import { preciseNow } from "../sip/transport.js";
import { RtpCapture } from "./capture.js";
import type { MediaDeps } from "./deps.js";
import { type RtpPair, sentAtOnce } from "./ports.js";
import { type Forward, type RelayTap, RtpRelay } from "./relay.js";

// One call's media as the edge holds it once it answered the caller itself: the caller's RTP
// port pair, the SDP offer/answer with the caller (RFC 3264, re-INVITEs included), and either a
// `MediaSession` of @ringflow/media (prompts, digits, recording) or, once the flow bridged the
// call to a callee that answered, an RTP relay between the caller's pair and a second pair
// toward the callee (anchored media). SIP INFO digits feed the session's digit pipeline.

interface Waiting {
  kind: MediaActionType;
  resolve(r: MediaResult): void;
}

export class CallMedia implements LocalSession {
  readonly sdp: SdpSession;
  /** Our SDP as sent in the 183/200 (an offer after a delayed offer, else our answer). */
  localSdp = "";
  neg: Negotiated | undefined;
  /** The prompts/digits/recording engine (absent before the caller's SDP, and while relaying). */
  media: MediaSession | undefined;
  /** 200 OK sent (not just 183). */
  answered = false;
  closed = false;
  private waiting: Waiting | undefined;
  /** Set when the session (re)starts after a delayed offer's ACK. */
  private readyWaiters: (() => void)[] = [];
  /** The current action's prompt start (`promptStarted`), for traces. */
  firstPacketAt: number | undefined;
  private relay: RtpRelay | undefined;
  private callee: { pair: RtpPair; sdp: SdpSession } | undefined;
  /** Where the caller's RTP comes from (symmetric RTP), kept across session/relay switches. */
  private callerFrom: { address: string; port: number } | undefined;
  /**
   * Whose datagrams the caller's ports take (restricted latching, @ringflow/media latch.ts): a
   * stranger spraying the port range neither hears the call nor speaks into it. Made with the
   * caller's first SDP; kept across session/relay switches.
   */
  private callerLatch: SourceLatch | undefined;
  /** The call's RTP/RTCP as our sockets saw it, when its flow asked (settings.captureRtp). */
  private capture: RtpCapture | undefined;
  private readonly captureTenant: string | undefined;
  /**
   * The call's reflection guard, shared by its media sessions and its relay: one budget of RTP
   * toward a caller not heard from yet (`--rtp-unheard-send-ms`).
   */
  private readonly sendCap: UnheardSendCap;
  /** When and where a session first withheld RTP from a caller not heard from (`sendCapped`). */
  private capped: { at: number; address: string; port: number } | undefined;

  constructor(
    readonly call: CallControl,
    readonly pair: RtpPair,
    private readonly deps: MediaDeps,
  ) {
    this.sdp = new SdpSession({ address: deps.mediaAddress, port: pair.port });
    this.sendCap = UnheardSendCap.fromMs(deps.unheardSendMs);
    this.captureTenant = call.captureTenant;
    if (this.captureTenant !== undefined && deps.capture)
      this.capture = new RtpCapture(deps.capture.limits, deps.capture.budget);
    pair.rtp.on("message", (b: Buffer, ri: RemoteInfo) => this.fromCaller(b, ri, false));
    pair.rtcp.on("message", (b: Buffer, ri: RemoteInfo) => this.fromCaller(b, ri, true));
  }

  // ---- negotiation -----------------------------------------------------------------------

  /** Answer the caller's offer (or make ours after a delayed offer); false when we cannot take it. */
  negotiate(offer: Buffer): boolean {
    if (offer.length === 0) {
      this.localSdp = this.sdp.offer();
      return true;
    }
    const r = this.sdp.answer(offer.toString("latin1"));
    if (!r.ok) return false;
    this.localSdp = r.sdp;
    this.start(r.negotiated);
    return true;
  }

  /** Resolves once a media session runs (at once, or at the ACK of a delayed offer). */
  ready(): Promise<boolean> {
    if (this.media) return Promise.resolve(true);
    if (this.closed || this.relay) return Promise.resolve(false);
    return new Promise((resolve) => this.readyWaiters.push(() => resolve(this.media !== undefined)));
  }

  /** Where the caller's media may come from before it latched: its SDP's address and its signalling's. */
  private expectedFromCaller(neg: Negotiated): string[] {
    return [neg.remoteAddress, this.call.peer.address];
  }

  private start(neg: Negotiated): void {
    this.neg = neg;
    const now = this.deps.pacer.now();
    this.callerLatch ??= new SourceLatch(this.expectedFromCaller(neg), now);
    this.media = new MediaSession({
      negotiated: neg,
      scheduler: this.deps.pacer.scheduler,
      now,
      wallClockOffsetMs: preciseNow() - now,
      leadInMs: this.deps.leadInMs,
      inactivityTimeoutMs: this.deps.inactivityMs,
      holdTimeoutMs: this.deps.holdTimeoutMs,
      unheardSendCap: this.sendCap,
      io: { send: this.send, event: this.event },
      reuseSendBuffer: true,
    });
    this.deps.pacer.wake();
    const w = this.readyWaiters;
    this.readyWaiters = [];
    for (const f of w) f();
  }

  /**
   * The session's datagrams out of the call's sockets. True (the session reuses its buffer for the
   * next packet) when the datagram is already in the kernel: the pool's sockets answer an IP
   * literal's look-up at once, so `send` writes it before returning unless the socket's send
   * buffer was full (then libuv queues it, holding `data`).
   */
  private readonly send = (data: Uint8Array, address: string, port: number, rtcp: boolean): boolean => {
    if (this.closed) return false;
    this.capture?.add(
      preciseNow(),
      this.deps.mediaAddress,
      this.pair.port + (rtcp ? 1 : 0),
      address,
      port,
      data,
    );
    const socket = rtcp ? this.pair.rtcp : this.pair.rtp;
    socket.send(data, port, address);
    return sentAtOnce(socket, address);
  };

  private readonly event = (e: MediaEvent): void => {
    switch (e.type) {
      case "promptStarted":
        this.firstPacketAt ??= e.at;
        return;
      case "remoteLatched":
        this.callerFrom = { address: e.address, port: e.port };
        return;
      case "sendCapped":
        this.capped ??= { at: preciseNow(), address: e.address, port: e.port };
        return;
      case "inactivity":
        this.call.traceMedia({
          at: preciseNow(),
          action: "inactivity",
          durationMs: e.silentForMs,
          detail: e.held ? "no RTP or RTCP from the holding caller: BYE" : "no RTP from the caller: BYE",
        });
        this.call.hangUp("RTP timeout");
        return;
      case "digit":
        return;
      default: {
        const w = this.waiting;
        if (w && w.kind === e.result.action) {
          this.waiting = undefined;
          w.resolve(e.result);
        }
      }
    }
  };

  // ---- actions -----------------------------------------------------------------------------

  /** Runs `begin` on the session and resolves with the action's result. */
  run(kind: MediaActionType, begin: (m: MediaSession, now: number) => void): Promise<MediaResult> {
    const m = this.media;
    if (!m || m.isEnded) {
      return Promise.resolve({
        action: kind,
        outcome: "hangup",
        digits: "",
        terminator: null,
        endedBy: "hangup",
        durationMs: 0,
      });
    }
    this.firstPacketAt = undefined;
    // Starting an action stops the one before (ringback): its result is not awaited.
    begin(m, this.deps.pacer.now());
    return new Promise((resolve) => {
      this.waiting = { kind, resolve };
    });
  }

  // ---- LocalSession: what the call hands us ------------------------------------------------

  ack(ack: SipRequest): void {
    if (this.media || this.neg || ack.body.length === 0) return;
    // A delayed offer: the caller's answer to our offer is in its ACK (RFC 3261 §13.2.1).
    const r = this.sdp.readAnswer(ack.body.toString("latin1"));
    if (r.ok) this.start(r.negotiated);
    else {
      const w = this.readyWaiters;
      this.readyWaiters = [];
      for (const f of w) f();
    }
  }

  request(req: SipRequest, tx: ServerTransaction): boolean {
    if (this.closed) return false;
    if (req.method === "INFO") return this.info(req, tx);
    if (req.method !== "INVITE" && req.method !== "UPDATE") return false;
    // A re-INVITE (hold, unhold, a new address): answered here whether relaying or not, since
    // the caller's media ends on our ports either way (RFC 3264 §8).
    if (req.body.length === 0) {
      tx.respond(this.withSdp(req, tx, this.sdp.offer(this.neg?.direction ?? "sendrecv")));
      return true;
    }
    const r = this.sdp.answer(req.body.toString("latin1"));
    if (!r.ok) {
      tx.respond(createResponse(req, 488));
      return true;
    }
    const before = this.neg;
    this.neg = r.negotiated;
    const expected = this.expectedFromCaller(r.negotiated);
    const moved =
      before?.remoteAddress !== r.negotiated.remoteAddress || before?.remotePort !== r.negotiated.remotePort;
    if (moved) this.callerLatch?.relearn(expected, this.deps.pacer.now());
    else this.callerLatch?.expect(expected);
    // A hold or unhold starts the (hold) inactivity timer again from now.
    this.media?.update(r.negotiated, this.deps.pacer.now());
    this.relay?.callerMoved(r.negotiated);
    tx.respond(this.withSdp(req, tx, r.sdp));
    return true;
  }

  calleeRequest(req: SipRequest, tx: ServerTransaction): boolean {
    const c = this.callee;
    const relay = this.relay;
    if (this.closed || !c || !relay) return false;
    if (req.method !== "INVITE" && req.method !== "UPDATE") return false;
    // The callee's media ends on the pair we offered it (RFC 3264 §8): answer from that side's
    // session, so the caller's dialog and its media stay as they are.
    if (req.body.length === 0) {
      tx.respond(this.withSdp(req, tx, c.sdp.offer("sendrecv")));
      return true;
    }
    const r = c.sdp.answer(req.body.toString("latin1"));
    if (!r.ok) {
      tx.respond(createResponse(req, 488));
      return true;
    }
    relay.calleeMoved(r.negotiated);
    tx.respond(this.withSdp(req, tx, r.sdp));
    return true;
  }

  private withSdp(req: SipRequest, tx: ServerTransaction, sdp: string): SipResponse {
    const res = createResponse(req, 200);
    res.add("Contact", contact(this.deps.advertised, tx.from.transport));
    res.add("Content-Type", "application/sdp");
    res.body = Buffer.from(sdp, "latin1");
    return res;
  }

  /** SIP INFO digits (application/dtmf-relay, application/dtmf): 200, and into the digit pipeline. */
  private info(req: SipRequest, tx: ServerTransaction): boolean {
    if (this.relay) return false; // bridged: the call relays it to the callee
    const ct = req.get("content-type") ?? "";
    if (!/^\s*application\/dtmf(-relay)?\s*(;|$)/i.test(ct)) return false;
    const d = parseDtmfInfo(ct, req.body.toString("latin1"));
    tx.respond(createResponse(req, d ? 200 : 400));
    if (d) this.media?.receiveDigit(d.digit, "info", this.deps.pacer.now(), d.durationMs);
    return true;
  }

  // ---- bridging after a local answer: anchored media ----------------------------------------

  bridgeOffer(): { body: Buffer; contentType: string } | undefined {
    if (this.closed || !this.neg) return undefined;
    const pair = this.deps.pool.take();
    if (!pair) return undefined;
    // The callee is offered only the caller's codec, so RTP is relayed without transcoding.
    const sdp = new SdpSession({
      address: this.deps.mediaAddress,
      port: pair.port,
      codecs: [this.neg.codec],
    });
    this.callee = { pair, sdp };
    // The caller hears ringback while the callee rings.
    const m = this.media;
    if (m && !m.isEnded) {
      m.play({ prompt: RINGBACK_US, loop: true }, this.deps.pacer.now());
      this.call.traceMedia({ at: preciseNow(), action: "ringback", durationMs: 0 });
    }
    return { body: Buffer.from(sdp.offer(), "latin1"), contentType: "application/sdp" };
  }

  bridged(leg: { peer: { address: string } }, res: SipResponse): boolean {
    const c = this.callee;
    const neg = this.neg;
    if (!c || !neg || this.closed) return false;
    const r = c.sdp.readAnswer(res.body.toString("latin1"));
    if (!r.ok) return false;
    const m = this.media;
    const caller: Forward = {
      address: this.callerFrom?.address ?? m?.remoteAddress.address ?? neg.remoteAddress,
      port: this.callerFrom?.port ?? m?.remoteAddress.port ?? neg.remotePort,
      neg,
      cap: this.sendCap,
    };
    m?.end(this.deps.pacer.now());
    this.media = undefined;
    const cap = this.capture;
    const tap: RelayTap | undefined = cap
      ? (sh, sp, dh, dp, data) => cap.add(preciseNow(), sh, sp, dh, dp, data)
      : undefined;
    this.relay = new RtpRelay(
      this.pair,
      c.pair,
      caller,
      r.negotiated,
      leg.peer.address,
      {
        limits: { timeoutMs: this.deps.inactivityMs, holdTimeoutMs: this.deps.holdTimeoutMs },
        clock: this.deps.pacer.now,
      },
      tap ? { fn: tap, localHost: this.deps.mediaAddress } : undefined,
    );
    // Watched on the pacer's slots (no timer of its own): a side whose media died ends the call.
    this.deps.pacer.scheduler.add(this.relayWatch, this.deps.pacer.now());
    this.deps.pacer.wake();
    return true;
  }

  private readonly relayWatch = {
    onSlot: (_slot: number, _skipped: number, now: number): void => {
      const s = this.relay?.silent(now);
      if (!s) return;
      this.call.traceMedia({
        at: preciseNow(),
        action: "inactivity",
        durationMs: s.silentForMs,
        detail: `no RTP${s.held ? " or RTCP" : ""} from the ${s.held ? "holding " : ""}${s.side}: BYE`,
      });
      this.call.hangUp("RTP timeout");
    },
  };

  private stopRelay(): void {
    this.relay = undefined;
    this.deps.pacer.scheduler.remove(this.relayWatch);
  }

  unbridged(): void {
    this.stopRelay();
    this.dropCallee();
    if (!this.closed && this.neg) this.start(this.neg);
  }

  private dropCallee(): void {
    const c = this.callee;
    this.callee = undefined;
    if (c) this.deps.pool.release(c.pair);
  }

  /**
   * At the call's end: if the reflection guard withheld RTP (sessions' and relayed) from a
   * caller not heard from, the trace says how much, from when, and toward where.
   */
  private traceWithheld(): void {
    const withheld = this.sendCap.withheld;
    if (withheld === 0) return;
    const c = this.capped;
    this.call.traceMedia({
      at: c?.at ?? preciseNow(),
      action: "rtpWithheld",
      durationMs: withheld * 20,
      detail: `${withheld} RTP packets not sent${c ? ` to ${c.address}:${c.port}` : ""}: no RTP from the caller yet (--rtp-unheard-send-ms)`,
    });
  }

  private fromCaller(b: Buffer, ri: RemoteInfo, rtcp: boolean): void {
    const latch = this.callerLatch;
    const now = this.deps.pacer.now();
    // Nothing is taken before the caller's SDP, nor from anyone but the latched source after it.
    if (!latch) return;
    if (rtcp) {
      if (!latch.hears(ri.address)) return;
    } else {
      const v = latch.offer(ri.address, ri.port, now);
      if (v === "drop") return;
      // A new source (the first, or a NAT rebinding): the session sends to it from this packet on.
      if (v === "latched") this.media?.relatch();
    }
    // Captured as received, before the relay maps its payload type in place.
    this.capture?.add(
      preciseNow(),
      ri.address,
      ri.port,
      this.deps.mediaAddress,
      this.pair.port + (rtcp ? 1 : 0),
      b,
    );
    if (this.relay) {
      this.callerFrom = rtcp ? this.callerFrom : { address: ri.address, port: ri.port };
      this.relay.fromCaller(b, ri, rtcp);
      return;
    }
    const m = this.media;
    if (!m) return;
    if (rtcp) m.receiveRtcp(b, ri.address, ri.port, now);
    else m.receiveRtp(b, ri.address, ri.port, now);
  }

  close(): void {
    if (this.closed) return;
    // The running action ends with `hangup` (a recording keeps what was said) before ports go.
    this.media?.end(this.deps.pacer.now());
    this.media = undefined;
    this.closed = true;
    this.traceWithheld();
    this.stopRelay();
    this.dropCallee();
    this.deps.pool.release(this.pair);
    const w = this.readyWaiters;
    this.readyWaiters = [];
    for (const f of w) f();
    this.storeCapture();
  }

  /**
   * The capture goes to the recordings bucket under its tenant's prefix, and its key into the
   * trace, which waits for it (bounded: a store that hangs does not hold the call for ever).
   */
  private storeCapture(): void {
    const cap = this.capture;
    const tenant = this.captureTenant;
    this.capture = undefined;
    if (!cap || tenant === undefined) return;
    if (cap.packets === 0) {
      cap.release();
      return;
    }
    const release = this.call.keepOpen();
    const key = rtpCaptureKey(tenant, this.call.id);
    const summary = {
      key,
      packets: cap.packets,
      bytes: cap.bytes,
      ...(cap.truncatedBy ? { truncatedBy: cap.truncatedBy } : {}),
    };
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), STORE_CAPTURE_TIMEOUT_MS);
    });
    const stored = cap
      .toPcap()
      .finally(() => cap.release())
      .then((body) =>
        this.deps.recordings.store.put(
          this.deps.recordings.bucket,
          key,
          body,
          "application/vnd.tcpdump.pcap",
        ),
      )
      .then(() => "stored" as const);
    Promise.race([stored, gaveUp])
      .then(
        (r) => {
          if (r === "stored") this.call.traceRtpCapture(summary);
          else this.traceCaptureFailed("timed out");
        },
        (e: unknown) => this.traceCaptureFailed(String((e as Error)?.message ?? e)),
      )
      .finally(() => {
        clearTimeout(timer);
        release();
      });
  }

  private traceCaptureFailed(why: string): void {
    this.call.traceMedia({
      at: preciseNow(),
      action: "capture",
      durationMs: 0,
      outcome: "failed",
      detail: `RTP capture not stored: ${why}`.slice(0, 200),
    });
  }
}

/** How long a call's end waits for its RTP capture to be stored before its trace goes without it. */
const STORE_CAPTURE_TIMEOUT_MS = 10_000;
