// RFC 4733 telephone-events (DTMF named events 0-15, §3.2).
//
// A press is identified by (SSRC, RTP timestamp, event) (§2.5.1.2: every packet of one event
// carries the timestamp of its start), never by sequence number: SIPp's shipped captures send
// the three end packets under one sequence number, and a retransmitted end must not count
// twice. The same digit under a new timestamp is a new press. A press whose end packets are all
// lost ends when no packet of it arrived for `endTimeoutMs` (§2.5.1.5 leaves the inference to
// the receiver), or when another event starts on the same SSRC.

export const DTMF_EVENTS = "0123456789*#ABCD";

export function eventToDigit(event: number): string | null {
  return DTMF_EVENTS[event] ?? null;
}

export function digitToEvent(digit: string): number {
  const e = DTMF_EVENTS.indexOf(digit.toUpperCase());
  if (e < 0 || digit.length !== 1) throw new RangeError(`not a DTMF digit: ${digit}`);
  return e;
}

export interface TelephoneEventPayload {
  event: number;
  end: boolean;
  volume: number;
  /** In RTP timestamp units. */
  duration: number;
}

export function parseTelephoneEvent(p: Uint8Array): TelephoneEventPayload | null {
  if (p.length < 4) return null;
  const b1 = p[1] as number;
  return {
    event: p[0] as number,
    end: (b1 & 0x80) !== 0,
    volume: b1 & 0x3f,
    duration: ((p[2] as number) << 8) | (p[3] as number),
  };
}

export function writeTelephoneEvent(e: TelephoneEventPayload, out = new Uint8Array(4)): Uint8Array {
  out[0] = e.event;
  out[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  out[2] = (e.duration >> 8) & 0xff;
  out[3] = e.duration & 0xff;
  return out;
}

export type DtmfSource = "rfc4733" | "info" | "inband";

const NONE: DigitSignal[] = [];

/** A press began (`begin`, for barge-in) or ended (`end`, the digit itself). */
export interface DigitSignal {
  kind: "begin" | "end";
  digit: string;
  source: DtmfSource;
  /** When it happened on the session clock (ms). */
  at: number;
  /** For `end`: how long it lasted (from the event's duration field when known). */
  durationMs?: number;
  /** For `end`: true when the end was inferred from the timeout. */
  timedOut?: boolean;
}

interface Active {
  ssrc: number;
  timestamp: number;
  event: number;
  lastAt: number;
  duration: number;
}

export interface TelephoneEventReceiverOptions {
  /** End a press whose end packets never came after this long without a packet (default 300 ms). */
  endTimeoutMs?: number;
  clockRate?: number;
}

export class TelephoneEventReceiver {
  private readonly endTimeoutMs: number;
  private readonly clockRate: number;
  private active: Active | null = null;
  /** Recently ended presses (`ssrc:timestamp:event`), so late retransmissions are ignored. */
  private readonly ended: string[] = [];

  constructor(opts: TelephoneEventReceiverOptions = {}) {
    this.endTimeoutMs = opts.endTimeoutMs ?? 300;
    this.clockRate = opts.clockRate ?? 8000;
  }

  /** Feeds one telephone-event packet; returns the signals it produced (often none). */
  receive(ssrc: number, timestamp: number, payload: Uint8Array, now: number): DigitSignal[] {
    const e = parseTelephoneEvent(payload);
    const out: DigitSignal[] = [];
    if (!e || e.event > 15) return out;
    const key = `${ssrc}:${timestamp}:${e.event}`;
    if (this.ended.includes(key)) return out;
    const a = this.active;
    if (a && (a.ssrc !== ssrc || a.timestamp !== timestamp || a.event !== e.event)) {
      // A new event began: the previous one is over even if its end was lost.
      this.finish(out, a.lastAt, true);
    }
    if (!this.active) {
      this.active = { ssrc, timestamp, event: e.event, lastAt: now, duration: e.duration };
      out.push({ kind: "begin", digit: DTMF_EVENTS[e.event] as string, source: "rfc4733", at: now });
    }
    const cur = this.active as Active;
    cur.lastAt = now;
    cur.duration = Math.max(cur.duration, e.duration);
    if (e.end) this.finish(out, now, false);
    return out;
  }

  /** Ends a press whose end packets were lost; call on every tick. */
  poll(now: number): DigitSignal[] {
    // Called every 20 ms per call: no allocation when nothing is pressed.
    if (!this.active || now - this.active.lastAt < this.endTimeoutMs) return NONE;
    const out: DigitSignal[] = [];
    this.finish(out, now, true);
    return out;
  }

  /** The time at which `poll` has work, or Infinity. */
  nextDeadline(): number {
    return this.active ? this.active.lastAt + this.endTimeoutMs : Number.POSITIVE_INFINITY;
  }

  private finish(out: DigitSignal[], at: number, timedOut: boolean): void {
    const a = this.active as Active;
    this.active = null;
    this.ended.push(`${a.ssrc}:${a.timestamp}:${a.event}`);
    if (this.ended.length > 16) this.ended.shift();
    out.push({
      kind: "end",
      digit: DTMF_EVENTS[a.event] as string,
      source: "rfc4733",
      at,
      durationMs: Math.round((a.duration * 1000) / this.clockRate),
      timedOut,
    });
  }
}

/** One outbound packet of a digit being sent. */
export interface TelephoneEventFrame {
  marker: boolean;
  /** RTP timestamp of the event's start (the same for every packet of it). */
  timestamp: number;
  payload: Uint8Array;
}

export interface DigitSenderOptions {
  /** Tone length (default 100 ms). */
  toneMs?: number;
  /** Silence between digits (default 70 ms). */
  gapMs?: number;
  volume?: number;
  frameMs?: number;
  clockRate?: number;
}

/**
 * Produces the telephone-event packets for a string of digits, one packet per 20 ms frame
 * slot (§2.5.1.2: the first packet has the marker bit; durations grow from the event's start;
 * the end packet goes out three times, §2.5.1.4). `next` returns null for a slot that carries
 * audio (the gap between digits) and `done` when all digits went out.
 */
export class DigitSender {
  private readonly samplesPerFrame: number;
  private readonly toneFrames: number;
  private readonly gapFrames: number;
  private readonly volume: number;
  private readonly events: number[];
  private index = 0;
  private frame = 0;
  private startTs = 0;

  constructor(digits: string, opts: DigitSenderOptions = {}) {
    const frameMs = opts.frameMs ?? 20;
    const rate = opts.clockRate ?? 8000;
    this.samplesPerFrame = (rate * frameMs) / 1000;
    this.toneFrames = Math.max(2, Math.round((opts.toneMs ?? 100) / frameMs));
    this.gapFrames = Math.max(1, Math.round((opts.gapMs ?? 70) / frameMs));
    this.volume = opts.volume ?? 10;
    this.events = [...digits].map(digitToEvent);
  }

  get done(): boolean {
    return this.index >= this.events.length;
  }

  /** The packet for the slot whose audio timestamp is `timestamp`, or null (send audio). */
  next(timestamp: number): TelephoneEventFrame | null {
    const event = this.events[this.index];
    if (event === undefined) return null;
    const f = this.frame++;
    const endAt = this.toneFrames - 1;
    if (f === 0) this.startTs = timestamp;
    if (f > endAt + 2) {
      if (f >= endAt + 2 + this.gapFrames) {
        this.index++;
        this.frame = 0;
      }
      return null;
    }
    const end = f >= endAt;
    const duration = Math.min(0xffff, (Math.min(f, endAt) + 1) * this.samplesPerFrame);
    return {
      marker: f === 0,
      timestamp: this.startTs,
      payload: writeTelephoneEvent({ event, end, volume: this.volume, duration }),
    };
  }
}
