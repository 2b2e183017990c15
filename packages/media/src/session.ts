// One call's media, sans-I/O: the edge hands it inbound datagrams with the time they arrived,
// the process-wide PacingScheduler calls it every 20 ms, and it hands back datagrams to send
// and events (digits, the end of each media action, a dead media path) through `MediaIo`.
// It runs one media action at a time (play, collect, record, pause, sendDigits); starting one
// stops the one before (its result says `stopped`).
import { AudioClip, BEEP } from "./clip.js";
import { type CollectOptions, DigitCollector } from "./collector.js";
import { decodeG711, type G711Law, silenceByte, transcodeG711 } from "./g711.js";
import { InbandDtmfDetector } from "./goertzel.js";
import { InactivityTimer } from "./inactivity.js";
import { PromptPlayer } from "./player.js";
import { Recorder, type RecordOptions } from "./recorder.js";
import { type MediaActionType, type MediaResult, plainResult } from "./result.js";
import { buildRtcpReport, parseRtcp, ReceptionStats } from "./rtcp.js";
import { looksLikeRtcp, parseRtp, RTP_HEADER_BYTES, type RtpPacket, writeRtpHeader } from "./rtp.js";
import type { PacedStream, PacingScheduler } from "./scheduler.js";
import type { Negotiated } from "./sdp.js";
import { DEFAULT_UNHEARD_SEND_LIMIT_MS, UnheardSendCap } from "./send-cap.js";
import {
  DigitSender,
  type DigitSenderOptions,
  type DigitSignal,
  type DtmfSource,
  TelephoneEventReceiver,
} from "./telephone-event.js";

export interface MediaIo {
  /**
   * Send `data` to `address:port` (`rtcp` says which of the call's two sockets, unless muxed).
   * With `reuseSendBuffer`, return true when `data` has left (the datagram is in the kernel) so the
   * session may write its next packet into the same buffer; any other answer and that buffer is
   * never written again. Without it, `data` is the adapter's to keep.
   */
  send(data: Uint8Array, address: string, port: number, rtcp: boolean): boolean | undefined;
  event(e: MediaEvent): void;
}

export type MediaDoneEvent =
  | { type: "promptDone"; result: MediaResult }
  | { type: "collectDone"; result: MediaResult }
  | { type: "recordDone"; result: MediaResult }
  | { type: "pauseDone"; result: MediaResult }
  | { type: "sendDigitsDone"; result: MediaResult };

export type MediaEvent =
  | MediaDoneEvent
  /** A digit pressed (whatever action runs, for traces). */
  | { type: "digit"; digit: string; source: DtmfSource; at: number; durationMs?: number }
  /** The first audio frame of an action's prompt went out (prompt start latency). */
  | { type: "promptStarted"; action: MediaActionType; at: number }
  /** Symmetric RTP: we now send to where the peer's packets come from. */
  | { type: "remoteLatched"; address: string; port: number; at: number }
  /**
   * Nothing heard from the peer yet and `unheardSendLimitMs` of packets already sent to the
   * address its SDP named: from now on datagrams to it are withheld (the actions go on) until a
   * packet from the peer arrives. `sent`: RTP packets that went out toward unheard addresses.
   */
  | { type: "sendCapped"; address: string; port: number; sent: number; at: number }
  /**
   * No RTP or RTCP from the peer for `inactivityTimeoutMs` (for `holdTimeoutMs` while `held`):
   * the call's media is dead.
   */
  | { type: "inactivity"; silentForMs: number; at: number; held: boolean };

const DONE_EVENT: Record<MediaActionType, MediaDoneEvent["type"]> = {
  play: "promptDone",
  collect: "collectDone",
  record: "recordDone",
  pause: "pauseDone",
  sendDigits: "sendDigitsDone",
};

export interface MediaSessionOptions {
  negotiated: Negotiated;
  io: MediaIo;
  /** The process's scheduler; the session joins it at once and leaves it on `end`. */
  scheduler: PacingScheduler;
  now: number;
  /** Wait this long, or for the first inbound RTP, before a prompt's first frame (default 250 ms). */
  leadInMs?: number;
  /** End the call's media after this long without inbound RTP/RTCP (default 30 s; 0 = never). */
  inactivityTimeoutMs?: number;
  /**
   * The same while the peer holds the call (any direction but sendrecv; default 30 min, as
   * FreeSWITCH's rtp-hold-timeout-sec; 0 = never). A held peer may send no RTP at all, even with
   * a=sendonly and nothing to play, but keeps sending RTCP (RFC 3264 §5.1, RFC 3550 §6.3), so the
   * long timer ends only a peer that vanished while holding, whose ports would otherwise stay
   * taken for good.
   */
  holdTimeoutMs?: number;
  /** Send to the source of the peer's packets rather than to its SDP address (default true). */
  symmetricRtp?: boolean;
  /**
   * Reflection guard: toward an address not heard from yet (the SDP's c=/m=, before the peer's
   * first packet), send at most this long's worth of packets (one per 20 ms, lead-in silence
   * included, counted over the whole call), then withhold every datagram (RTP, RTCP, relayed)
   * while the clock, prompts and timers run on, until the peer is heard. Heard: any accepted RTP
   * packet when symmetric (we latch to its source), else RTP or RTCP from the destination's
   * address. A re-INVITE that moves the destination makes it unheard again. Default 3000 ms;
   * Infinity = no cap; 0 = send nothing before the peer is heard.
   */
  unheardSendLimitMs?: number;
  /**
   * The call's cap, shared with the call's other sessions and its relay (one budget for the
   * call); replaces `unheardSendLimitMs`. The session's destination (the SDP's) starts unheard.
   */
  unheardSendCap?: UnheardSendCap;
  /** RTCP report interval (default 5 s, RFC 3550 §6.2 minimum), randomized by ±50% (§6.3.1). */
  rtcpIntervalMs?: number;
  /** Added to the session clock to get the Unix time in ms (for RTCP SR NTP timestamps). */
  wallClockOffsetMs?: number;
  cname?: string;
  dtmfEndTimeoutMs?: number;
  /**
   * Write each outgoing audio packet into one buffer of the session's, handed to `io.send` as is
   * (no copy, no allocation per packet), for an adapter that says when it is done with it (see
   * `MediaIo.send`). Default false: every packet is a fresh copy the adapter may keep.
   */
  reuseSendBuffer?: boolean;
  /** Injectable randomness for SSRC, sequence and timestamp bases (RFC 3550 §5.1 wants them random). */
  random?: () => number;
}

export interface PlayRequest {
  prompt: AudioClip[];
  loop?: boolean;
  /** A digit stops the prompt (default false for play; collect has its own). */
  bargeIn?: boolean;
}

export interface CollectRequest extends CollectOptions {
  prompt?: AudioClip[];
}

export interface RecordRequest extends RecordOptions {
  greeting?: AudioClip[];
  /** Beep before recording (default true). */
  beep?: boolean;
}

export interface SessionStats {
  packetsSent: number;
  octetsSent: number;
  packetsReceived: number;
  /** Inbound packets dropped: not RTP, or a payload type that was not negotiated. */
  packetsIgnored: number;
  slotsSkipped: number;
  /** Packets of the bridged leg sent on (anchored media). */
  packetsRelayed: number;
  /**
   * RTP packets (own or relayed) not sent because the peer was not heard from yet and the
   * unheard-send cap was spent (`unheardSendLimitMs`); RTCP held back with them is not counted.
   */
  packetsWithheld: number;
}

type Current =
  | { kind: "play"; startedAt: number; player: PromptPlayer | null; req: PlayRequest; started: boolean }
  | {
      kind: "collect";
      startedAt: number;
      player: PromptPlayer | null;
      collector: DigitCollector;
      started: boolean;
    }
  | {
      kind: "record";
      startedAt: number;
      player: PromptPlayer | null;
      recorder: Recorder | null;
      req: RecordRequest;
      started: boolean;
    }
  | { kind: "pause"; startedAt: number; until: number }
  | {
      kind: "sendDigits";
      startedAt: number;
      sender: DigitSender | null;
      player: PromptPlayer | null;
      started: boolean;
    };

const SAMPLES_PER_FRAME = 160;

export class MediaSession implements PacedStream {
  private neg: Negotiated;
  private readonly io: MediaIo;
  private readonly scheduler: PacingScheduler;
  readonly ssrc: number;
  private seq: number;
  private readonly tsBase: number;
  private remote: { address: string; port: number; rtcpPort: number };
  private latched = false;
  private readonly symmetric: boolean;
  private readonly cap: UnheardSendCap;
  /** Withholding now (for the one `sendCapped` event per capped spell). */
  private withholding = false;
  private leadInUntil: number;
  private readonly inactivity: InactivityTimer;
  private readonly watchesInactivity: boolean;
  private readonly dtmf: TelephoneEventReceiver;
  private inband: InbandDtmfDetector | null = null;
  private current: Current | null = null;
  private markerNext = true;
  private ended = false;
  /** While bridged (anchored media): the other leg, which sends what arrives here. */
  private peer: MediaSession | null = null;
  private readonly rx = new ReceptionStats();
  private readonly rtcpIntervalMs: number;
  private nextRtcpAt: number;
  private sentSinceReport = false;
  private lastTs = 0;
  /** The time of the slot running (for what `transmit` reports). */
  private slotAt = 0;
  private readonly wallOffset: number;
  private readonly cname: string;
  private readonly random: () => number;
  private frame = new Uint8Array(RTP_HEADER_BYTES + SAMPLES_PER_FRAME);
  private readonly reuseFrame: boolean;
  readonly stats: SessionStats = {
    packetsSent: 0,
    octetsSent: 0,
    packetsReceived: 0,
    packetsIgnored: 0,
    slotsSkipped: 0,
    packetsRelayed: 0,
    packetsWithheld: 0,
  };

  constructor(opts: MediaSessionOptions) {
    this.random = opts.random ?? Math.random;
    this.reuseFrame = opts.reuseSendBuffer ?? false;
    this.neg = opts.negotiated;
    this.io = opts.io;
    this.scheduler = opts.scheduler;
    this.ssrc = Math.floor(this.random() * 0x100000000) >>> 0;
    this.seq = Math.floor(this.random() * 0x10000);
    this.tsBase = Math.floor(this.random() * 0x100000000) >>> 0;
    this.remote = {
      address: opts.negotiated.remoteAddress,
      port: opts.negotiated.remotePort,
      rtcpPort: opts.negotiated.remoteRtcpPort,
    };
    this.symmetric = opts.symmetricRtp ?? true;
    this.cap =
      opts.unheardSendCap ?? UnheardSendCap.fromMs(opts.unheardSendLimitMs ?? DEFAULT_UNHEARD_SEND_LIMIT_MS);
    this.cap.moved();
    this.leadInUntil = opts.now + (opts.leadInMs ?? 250);
    const limits = {
      timeoutMs: opts.inactivityTimeoutMs ?? 30_000,
      holdTimeoutMs: opts.holdTimeoutMs ?? 1_800_000,
    };
    this.inactivity = new InactivityTimer(limits, opts.now);
    this.watchesInactivity = limits.timeoutMs > 0 || limits.holdTimeoutMs > 0;
    this.dtmf = new TelephoneEventReceiver({ endTimeoutMs: opts.dtmfEndTimeoutMs ?? 300 });
    this.rtcpIntervalMs = opts.rtcpIntervalMs ?? 5000;
    this.nextRtcpAt = opts.now + this.rtcpIntervalMs * (0.5 + this.random());
    this.wallOffset = opts.wallClockOffsetMs ?? 0;
    this.cname = opts.cname ?? `ringflow-${this.ssrc.toString(16)}`;
    this.configureInband();
    this.scheduler.add(this, opts.now);
  }

  get negotiated(): Negotiated {
    return this.neg;
  }

  /** Where RTP goes now (the SDP address until the peer's first packet when symmetric). */
  get remoteAddress(): { address: string; port: number } {
    return { address: this.remote.address, port: this.remote.port };
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** What is running, if anything. */
  get activeAction(): MediaActionType | null {
    return this.current?.kind ?? null;
  }

  /**
   * A re-INVITE changed the media (hold/unhold, new address, codec). With `now`, the inactivity
   * timer (the hold timer while held) starts again from it.
   */
  update(negotiated: Negotiated, now?: number): void {
    if (now !== undefined) this.inactivity.restart(now);
    const moved =
      negotiated.remoteAddress !== this.neg.remoteAddress || negotiated.remotePort !== this.neg.remotePort;
    this.neg = negotiated;
    if (moved || !this.latched) {
      const before = this.remote;
      this.remote = {
        address: negotiated.remoteAddress,
        port: negotiated.remotePort,
        rtcpPort: negotiated.remoteRtcpPort,
      };
      this.latched = false;
      // A new destination has not been heard from: the (call's) unheard budget applies again.
      if (before.address !== this.remote.address || before.port !== this.remote.port) this.cap.moved();
    }
    this.configureInband();
  }

  private configureInband(): void {
    // Listen for in-band tones only when the peer cannot send telephone-events.
    if (this.neg.telephoneEventPt === null) this.inband ??= new InbandDtmfDetector();
    else this.inband = null;
  }

  // ---- inbound ----------------------------------------------------------------------------

  /**
   * The adapter's source latch (latch.ts) took a new source for this call (a NAT rebinding its
   * port): the next packet received is where we send from now on. The session never moves on
   * its own once latched, so a stranger's packet cannot redirect it.
   */
  relatch(): void {
    this.latched = false;
  }

  /** A datagram arrived on the call's RTP port. */
  receiveRtp(data: Uint8Array, address: string, port: number, now: number): void {
    if (this.ended) return;
    if (this.neg.rtcpMux && looksLikeRtcp(data)) {
      this.receiveRtcp(data, address, port, now);
      return;
    }
    const p = parseRtp(data);
    const isAudio = p !== null && p.payloadType === this.neg.payloadType;
    const isEvent =
      p !== null && this.neg.telephoneEventPt !== null && p.payloadType === this.neg.telephoneEventPt;
    if (!p || (!isAudio && !isEvent)) {
      this.stats.packetsIgnored++;
      return;
    }
    this.stats.packetsReceived++;
    this.touch(now);
    if (this.symmetric && !this.latched) {
      this.latched = true;
      if (address !== this.remote.address || port !== this.remote.port) {
        this.remote = { address, port, rtcpPort: this.neg.rtcpMux ? port : port + 1 };
        this.io.event({ type: "remoteLatched", address, port, at: now });
      }
    }
    // Symmetric: we now send where this packet came from, so the destination is proven. Not
    // symmetric: only a packet from the address we send to proves it.
    if (this.symmetric || address === this.remote.address) this.heard();
    if (now < this.leadInUntil) this.leadInUntil = now;
    if (this.peer) this.peer.relay(p, isEvent ? null : this.neg.codec, now);
    if (isEvent) {
      this.handleSignals(this.dtmf.receive(p.ssrc, p.timestamp, p.payload, now), now);
      return;
    }
    this.rx.update(p.ssrc, p.sequenceNumber, p.timestamp, now);
    const c = this.current;
    if (c?.kind === "record" && c.recorder) {
      c.recorder.packet(p.ssrc, p.timestamp, p.payload, this.neg.codec, now);
      this.checkDone(now);
    }
    if (this.inband) this.handleSignals(this.inband.push(decodeG711(this.neg.codec, p.payload), now), now);
  }

  /** A datagram arrived on the call's RTCP port. */
  receiveRtcp(data: Uint8Array, address: string, _port: number, now: number): void {
    if (this.ended) return;
    const reports = parseRtcp(data);
    if (!reports) return;
    this.touch(now);
    // RTCP does not latch (as before), so it proves only the address we already send to: RTCP
    // from elsewhere lifting the cap would let a caller keep our RTP aimed at its SDP's victim.
    if (address === this.remote.address) this.heard();
    for (const r of reports)
      if (r.ntpMiddle !== undefined && r.ssrc === this.rx.ssrc) this.rx.senderReport(r.ntpMiddle, now);
  }

  /** A digit from SIP INFO (application/dtmf-relay or application/dtmf), fed to the same pipeline. */
  receiveDigit(digit: string, source: DtmfSource, now: number, durationMs?: number): void {
    if (this.ended) return;
    const end: DigitSignal = { kind: "end", digit, source, at: now };
    if (durationMs !== undefined) end.durationMs = durationMs;
    this.handleSignals([{ kind: "begin", digit, source, at: now }, end], now);
  }

  private touch(now: number): void {
    this.inactivity.heard(now);
  }

  private heard(): void {
    if (this.cap.isHeard) return;
    this.cap.heardFrom();
    this.withholding = false;
  }

  /**
   * Whether an RTP packet (own or relayed) may go to the current destination now (the
   * unheard-send cap, see `unheardSendLimitMs`); counts what it withholds.
   */
  private mayTransmitRtp(now: number): boolean {
    if (this.cap.allowRtp()) return true;
    this.stats.packetsWithheld++;
    if (!this.withholding) {
      this.withholding = true;
      this.io.event({
        type: "sendCapped",
        address: this.remote.address,
        port: this.remote.port,
        sent: this.cap.limitPackets,
        at: now,
      });
    }
    // Like the end of a silence suppressed (RFC 3551 §4.1): the sequence number does not advance
    // for what was withheld, the timestamp does (the slot grid), and the first packet sent
    // after the gap carries the marker.
    this.markerNext = true;
    return false;
  }

  /** True while the peer has not been heard from and its budget is spent: nothing is sent. */
  get sendCapped(): boolean {
    return this.cap.capped;
  }

  private handleSignals(signals: DigitSignal[], now: number): void {
    for (const s of signals) {
      const c = this.current;
      if (s.kind === "begin") {
        if (c?.kind === "collect" && c.player && !c.player.done && c.collector.digitBegan() === "bargeIn") {
          c.player = null;
        } else if (c?.kind === "play" && c.req.bargeIn && c.player) {
          this.finish(plainResult("play", "interrupted", "bargeIn", now - c.startedAt));
        }
        continue;
      }
      const e: MediaEvent = { type: "digit", digit: s.digit, source: s.source, at: s.at };
      if (s.durationMs !== undefined) e.durationMs = s.durationMs;
      this.io.event(e);
      if (c?.kind === "collect") {
        if (c.collector.digit(s.digit, s.at) === "bargeIn") c.player = null;
      } else if (c?.kind === "record" && c.recorder) {
        c.recorder.digit(s.digit, s.at);
      }
      this.checkDone(now);
    }
  }

  // ---- actions ----------------------------------------------------------------------------

  play(req: PlayRequest, now: number): void {
    this.begin(now);
    this.current = {
      kind: "play",
      startedAt: now,
      player: this.player(req.prompt, req.loop),
      req,
      started: false,
    };
  }

  collect(req: CollectRequest, now: number): void {
    this.begin(now);
    const player = req.prompt && req.prompt.length > 0 ? this.player(req.prompt) : null;
    this.current = {
      kind: "collect",
      startedAt: now,
      player,
      collector: new DigitCollector(req, now, player !== null),
      started: false,
    };
  }

  record(req: RecordRequest, now: number): void {
    this.begin(now);
    const clips = [...(req.greeting ?? []), ...(req.beep === false ? [] : [BEEP])];
    const player = clips.length > 0 ? this.player(clips) : null;
    this.current = {
      kind: "record",
      startedAt: now,
      player,
      recorder: player ? null : new Recorder(req, now),
      req,
      started: false,
    };
  }

  pause(ms: number, now: number): void {
    this.begin(now);
    this.current = { kind: "pause", startedAt: now, until: now + ms };
  }

  /** Sends digits as RFC 4733 events, or as in-band tones when the peer took no telephone-event. */
  sendDigits(digits: string, now: number, opts: DigitSenderOptions = {}): void {
    this.begin(now);
    if (this.neg.telephoneEventPt !== null) {
      this.current = {
        kind: "sendDigits",
        startedAt: now,
        sender: new DigitSender(digits, opts),
        player: null,
        started: false,
      };
      return;
    }
    const clips = [...digits].flatMap((d) => [
      dtmfTone(d, opts.toneMs ?? 100),
      AudioClip.silence(opts.gapMs ?? 70),
    ]);
    this.current = {
      kind: "sendDigits",
      startedAt: now,
      sender: null,
      player: this.player(clips),
      started: false,
    };
  }

  /** Stops the running action (its result says `stopped`). */
  stop(now: number): void {
    this.abortCurrent(now, "stopped");
  }

  /**
   * The call is over (hang-up, BYE, inactivity): the running action ends with `hangup` (a
   * recording keeps what was said), and the session leaves the scheduler.
   */
  end(now: number): void {
    if (this.ended) return;
    this.abortCurrent(now, "hangup");
    this.ended = true;
    this.scheduler.remove(this);
  }

  private begin(now: number): void {
    if (this.ended) throw new Error("media session ended");
    this.abortCurrent(now, "stopped");
    this.markerNext = true;
  }

  private player(clips: AudioClip[], loop = false): PromptPlayer {
    return new PromptPlayer(clips, this.neg.codec, SAMPLES_PER_FRAME, { loop });
  }

  private abortCurrent(now: number, why: "hangup" | "stopped"): void {
    const c = this.current;
    if (!c) return;
    if (c.kind === "collect") this.finish(c.collector.abort(now, why));
    else if (c.kind === "record" && c.recorder) this.finish(c.recorder.stop(now, why));
    else
      this.finish(plainResult(c.kind, why === "hangup" ? "hangup" : "interrupted", why, now - c.startedAt));
  }

  private finish(result: MediaResult): void {
    this.current = null;
    this.io.event({ type: DONE_EVENT[result.action], result } as MediaDoneEvent);
  }

  /** Ends the current action if its own rules say it is over. */
  private checkDone(now: number): void {
    const c = this.current;
    if (!c) return;
    if (c.kind === "collect") {
      const r = c.collector.poll(now);
      if (r) this.finish(r);
    } else if (c.kind === "record" && c.recorder) {
      const r = c.recorder.done ?? c.recorder.poll(now);
      if (r) this.finish(r);
    } else if (c.kind === "pause" && now >= c.until) {
      this.finish(plainResult("pause", "complete", "elapsed", now - c.startedAt));
    }
  }

  // ---- the 20 ms slot ---------------------------------------------------------------------

  onSlot(slot: number, skipped: number, now: number): void {
    if (this.ended) return;
    this.slotAt = now;
    this.stats.slotsSkipped += skipped;
    const signals = this.dtmf.poll(now);
    if (signals.length > 0) this.handleSignals(signals, now);
    this.checkDone(now);
    if (this.ended) return;
    // RTP timestamps follow the slot grid, so they never drift from the clock (skipped slots
    // leave a gap in timestamps, as the time really passed, RFC 3550 §5.1).
    const ts = (this.tsBase + slot * SAMPLES_PER_FRAME) >>> 0;
    this.lastTs = ts;
    const sending = this.peer === null && this.canSend();
    const c = this.current;
    if (c?.kind === "sendDigits" && c.sender) {
      const ev = c.sender.next(ts);
      if (c.sender.done) this.finish(plainResult("sendDigits", "complete", "sent", now - c.startedAt));
      if (sending) {
        if (ev) this.sendEvent(ev);
        else this.sendAudio(null, ts);
      }
    } else {
      const audio = this.nextAudio(now);
      if (sending) this.sendAudio(audio, ts);
    }
    if (now >= this.nextRtcpAt || this.watchesInactivity) this.rtcpAndInactivity(now);
  }

  /** The next frame of the running action's prompt, or null (silence). */
  private nextAudio(now: number): Uint8Array | null {
    const c = this.current;
    if (!c || c.kind === "pause" || !c.player || now < this.leadInUntil) return null;
    const player = c.player;
    const frame = player.next();
    if (frame && !c.started) {
      c.started = true;
      this.markerNext = true;
      if (c.kind !== "sendDigits") this.io.event({ type: "promptStarted", action: c.kind, at: now });
    }
    if (player.done) this.promptFinished(now);
    return frame;
  }

  /** The current action's prompt played its last frame. */
  private promptFinished(now: number): void {
    const c = this.current;
    if (!c) return;
    const durationMs = Math.round(now - c.startedAt);
    if (c.kind === "play") {
      this.finish(plainResult("play", "complete", "promptEnd", durationMs));
    } else if (c.kind === "collect") {
      c.player = null;
      c.collector.promptEnded(now + 20);
    } else if (c.kind === "record") {
      c.player = null;
      // The beep's last frame goes out now; recording starts when it has played.
      c.recorder = new Recorder(c.req, now + 20);
    } else if (c.kind === "sendDigits") {
      this.finish(plainResult("sendDigits", "complete", "sent", durationMs));
    }
  }

  private canSend(): boolean {
    return (
      (this.neg.direction === "sendrecv" || this.neg.direction === "sendonly") &&
      this.remote.port > 0 &&
      this.remote.address !== "0.0.0.0"
    );
  }

  /**
   * Anchored media: from now on what arrives here is sent out by `other` (and this session sends
   * nothing of its own); null ends the bridge and this session paces its own stream again. The
   * running action stops. Call it on both legs.
   */
  bridgeTo(other: MediaSession | null, now: number): void {
    this.abortCurrent(now, "stopped");
    this.peer = other;
    this.markerNext = true;
  }

  get bridgedTo(): MediaSession | null {
    return this.peer;
  }

  /**
   * Sends a packet that arrived on the bridged leg, as this leg negotiated it: the sender's SSRC,
   * sequence and timestamps kept (a transparent relay), the payload type ours, G.711 transcoded
   * when the legs took different laws (`from` null: a telephone-event, dropped when this leg has
   * none: its digit was still reported on the arriving leg).
   */
  private relay(p: RtpPacket, from: G711Law | null, now: number): void {
    if (this.ended || !this.canSend()) return;
    let pt: number;
    let payload = p.payload;
    if (from === null) {
      if (this.neg.telephoneEventPt === null) return;
      pt = this.neg.telephoneEventPt;
    } else {
      pt = this.neg.payloadType;
      payload = transcodeG711(from, this.neg.codec, payload);
    }
    if (!this.mayTransmitRtp(now)) return;
    const out = new Uint8Array(RTP_HEADER_BYTES + payload.length);
    writeRtpHeader(out, p.marker, pt, p.sequenceNumber, p.timestamp, p.ssrc);
    out.set(payload, RTP_HEADER_BYTES);
    this.stats.packetsRelayed++;
    this.io.send(out, this.remote.address, this.remote.port, false);
  }

  private sendAudio(audio: Uint8Array | null, ts: number): void {
    const f = this.frame;
    writeRtpHeader(f, this.markerNext, this.neg.payloadType, this.seq, ts, this.ssrc);
    this.markerNext = false;
    if (audio) f.set(audio, RTP_HEADER_BYTES);
    else f.fill(silenceByte(this.neg.codec), RTP_HEADER_BYTES);
    if (!this.reuseFrame) {
      this.transmit(f.slice(), false);
      return;
    }
    // The adapter still holds the buffer (a queued datagram): the next packet gets a new one.
    if (this.transmit(f, false) !== true) this.frame = new Uint8Array(f.length);
  }

  private sendEvent(ev: { marker: boolean; timestamp: number; payload: Uint8Array }): void {
    const out = new Uint8Array(RTP_HEADER_BYTES + ev.payload.length);
    writeRtpHeader(out, ev.marker, this.neg.telephoneEventPt as number, this.seq, ev.timestamp, this.ssrc);
    out.set(ev.payload, RTP_HEADER_BYTES);
    this.transmit(out, false);
  }

  /** Sends (true: the buffer is free again), or withholds it (true too) while capped. */
  private transmit(data: Uint8Array, rtcp: boolean): boolean | undefined {
    if (!rtcp) {
      if (!this.mayTransmitRtp(this.slotAt)) return true;
      this.seq = (this.seq + 1) & 0xffff;
      this.stats.packetsSent++;
      this.stats.octetsSent += data.length - RTP_HEADER_BYTES;
      this.sentSinceReport = true;
      return this.io.send(data, this.remote.address, this.remote.port, false);
    }
    if (!this.cap.allowRtcp()) return true;
    return this.io.send(
      data,
      this.remote.address,
      this.neg.rtcpMux ? this.remote.port : this.remote.rtcpPort,
      !this.neg.rtcpMux,
    );
  }

  private rtcpAndInactivity(now: number): void {
    // Held (the peer's a=sendonly or inactive, or its recvonly): its RTP may stop.
    const silence = this.inactivity.check(now, this.neg.direction !== "sendrecv");
    if (silence) this.io.event({ type: "inactivity", ...silence, at: now });
    if (now < this.nextRtcpAt || this.remote.port === 0) return;
    this.nextRtcpAt = now + this.rtcpIntervalMs * (0.5 + this.random());
    const sender = this.sentSinceReport
      ? {
          wallMs: now + this.wallOffset,
          rtpTimestamp: this.lastTs,
          packetCount: this.stats.packetsSent,
          octetCount: this.stats.octetsSent,
        }
      : null;
    this.sentSinceReport = false;
    this.transmit(buildRtcpReport(this.ssrc, this.cname, sender, this.rx.block(now)), true);
  }
}

const DTMF_ROWS = [697, 770, 852, 941];
const DTMF_COLS = [1209, 1336, 1477, 1633];
const DTMF_KEYS = ["123A", "456B", "789C", "*0#D"];

/** The two-tone in-band signal of a digit (ITU-T Q.23). */
export function dtmfTone(digit: string, ms: number): AudioClip {
  const r = DTMF_KEYS.findIndex((k) => k.includes(digit.toUpperCase()));
  if (r < 0 || digit.length !== 1) throw new RangeError(`not a DTMF digit: ${digit}`);
  const c = (DTMF_KEYS[r] as string).indexOf(digit.toUpperCase());
  return AudioClip.tone([DTMF_ROWS[r] as number, DTMF_COLS[c] as number], ms, 0.5, `dtmf-${digit}`);
}
