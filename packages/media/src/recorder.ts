// Records what the caller says (voicemail). Packets go through a small reorder buffer keyed by
// RTP timestamp (late and duplicated packets dropped, a lost packet filled with silence once
// later ones have waited long enough), so the message keeps its real length. It ends on max
// length, on silence, on the terminator key, or when the caller hangs up (the usual ending:
// the message is kept). Trailing silence is trimmed; a message shorter than the minimum after
// trimming is `tooShort`.
import { decodeG711, type G711Law } from "./g711.js";
import type { MediaResult } from "./result.js";
import { tsDiff } from "./rtp.js";
import { SilenceDetector } from "./silence.js";

export interface RecordOptions {
  maxLengthMs: number;
  /** End after this much silence (default 5,000 ms; 0 = never). */
  silenceMs?: number;
  /** Below this level a 20 ms block is silence (default -40 dBFS). */
  silenceThresholdDb?: number;
  /** Shorter messages are `tooShort` (default 1,000 ms). */
  minLengthMs?: number;
  /** A key that ends the recording (default "#"; null for none). */
  terminator?: string | null;
  /** Packets held while waiting for a missing one (default 5, 100 ms of 20 ms frames). */
  reorderDepth?: number;
}

interface Pending {
  ts: number;
  pcm: Int16Array;
}

const RATE = 8000;
/** A gap longer than this is a discontinuity (a peer that paused), not loss to fill. */
const MAX_FILL_SAMPLES = 5 * RATE;
/** Kept after the last sound when trimming, so words are not clipped. */
const TRIM_PAD_SAMPLES = 0.1 * RATE;

export class Recorder {
  private readonly chunks: Int16Array[] = [];
  private samples = 0;
  private nextTs: number | null = null;
  private ssrc: number | null = null;
  private readonly pending: Pending[] = [];
  private readonly silence: SilenceDetector;
  private readonly maxSamples: number;
  private result: MediaResult | null = null;
  /** Samples of the message that are sound followed by trailing silence (for trimming). */
  private lastSoundEnd = 0;
  private lastPacketAt: number;
  readonly stats = { packets: 0, late: 0, duplicates: 0, filledSamples: 0 };

  constructor(
    private readonly opts: RecordOptions,
    private readonly startedAt: number,
  ) {
    this.silence = new SilenceDetector(opts.silenceThresholdDb ?? -40);
    this.maxSamples = Math.round((opts.maxLengthMs * RATE) / 1000);
    this.lastPacketAt = startedAt;
  }

  get done(): MediaResult | null {
    return this.result;
  }

  /** Recorded samples so far (before trimming). */
  get length(): number {
    return this.samples;
  }

  packet(ssrc: number, timestamp: number, payload: Uint8Array, law: G711Law, now: number): void {
    if (this.result) return;
    this.stats.packets++;
    this.lastPacketAt = now;
    if (this.ssrc !== ssrc) {
      // A new source (RFC 3550 §8.2) starts a new timeline after what was buffered.
      this.flush(true);
      this.ssrc = ssrc;
      this.nextTs = null;
    }
    if (this.nextTs === null) this.nextTs = timestamp;
    if (tsDiff(timestamp, this.nextTs) < 0) {
      this.stats.late++;
      return;
    }
    let i = this.pending.length;
    while (i > 0 && tsDiff((this.pending[i - 1] as Pending).ts, timestamp) > 0) i--;
    if (i > 0 && (this.pending[i - 1] as Pending).ts === timestamp) {
      this.stats.duplicates++;
      return;
    }
    this.pending.splice(i, 0, { ts: timestamp, pcm: decodeG711(law, payload) });
    this.flush(false);
    this.check(now);
  }

  /** A digit ended during the recording. */
  digit(d: string, now: number): void {
    const t = this.opts.terminator === undefined ? "#" : this.opts.terminator;
    if (!this.result && t !== null && d === t) this.finish(now, "terminator", d);
  }

  /** Ends on length or silence measured by the clock, for a peer that stopped sending. */
  poll(now: number): MediaResult | null {
    if (this.result) return this.result;
    const silenceMs = this.opts.silenceMs ?? 5000;
    if (now - this.startedAt >= this.opts.maxLengthMs + 1000) this.finish(now, "maxLength", null);
    else if (silenceMs > 0 && now - this.lastPacketAt >= silenceMs) this.finish(now, "silence", null);
    return this.result;
  }

  /** The caller hung up (the message is kept) or the action was stopped. */
  stop(now: number, endedBy: "hangup" | "stopped"): MediaResult {
    if (!this.result) this.finish(now, endedBy, null);
    return this.result as MediaResult;
  }

  private flush(all: boolean): void {
    const depth = this.opts.reorderDepth ?? 5;
    while (this.pending.length > 0 && this.nextTs !== null) {
      const p = this.pending[0] as Pending;
      const gap = tsDiff(p.ts, this.nextTs);
      if (gap > 0) {
        // A packet is missing: wait for it while the buffer is shallow.
        if (!all && this.pending.length <= depth) return;
        if (gap <= MAX_FILL_SAMPLES) {
          this.write(new Int16Array(gap));
          this.stats.filledSamples += gap;
        }
      }
      this.pending.shift();
      // A packet overlapping what was written (frames of another size after a gap) keeps its tail.
      const overlap = Math.max(0, -gap);
      this.write(overlap > 0 ? p.pcm.subarray(overlap) : p.pcm);
      this.nextTs = (p.ts + p.pcm.length) >>> 0;
    }
  }

  private write(pcm: Int16Array): void {
    const room = this.maxSamples - this.samples;
    const part = pcm.length > room ? pcm.subarray(0, room) : pcm;
    if (part.length === 0) return;
    this.chunks.push(part.slice());
    this.samples += part.length;
    this.silence.push(part);
    if (this.silence.trailingSilence === 0) this.lastSoundEnd = this.samples;
    else this.lastSoundEnd = Math.max(this.lastSoundEnd, this.samples - this.silence.trailingSilence);
  }

  private check(now: number): void {
    if (this.samples >= this.maxSamples) {
      this.finish(now, "maxLength", null);
      return;
    }
    const silenceMs = this.opts.silenceMs ?? 5000;
    if (silenceMs > 0 && (this.silence.trailingSilence * 1000) / RATE >= silenceMs)
      this.finish(now, "silence", null);
  }

  private finish(now: number, endedBy: MediaResult["endedBy"], terminator: string | null): void {
    this.flush(true);
    const keep = Math.min(this.samples, this.silence.heardSound ? this.lastSoundEnd + TRIM_PAD_SAMPLES : 0);
    const pcm = new Int16Array(keep);
    let o = 0;
    for (const c of this.chunks) {
      if (o >= keep) break;
      const n = Math.min(c.length, keep - o);
      pcm.set(n === c.length ? c : c.subarray(0, n), o);
      o += n;
    }
    this.chunks.length = 0;
    const durationMs = Math.round((keep * 1000) / RATE);
    this.result = {
      action: "record",
      outcome: durationMs >= (this.opts.minLengthMs ?? 1000) ? "complete" : "tooShort",
      digits: "",
      terminator,
      endedBy,
      durationMs: Math.max(0, Math.round(now - this.startedAt)),
      recording: { pcm, durationMs },
    };
  }
}
