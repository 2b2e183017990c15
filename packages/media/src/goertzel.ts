// In-band DTMF detection (ITU-T Q.23/Q.24 tones) with the Goertzel algorithm, for peers that
// negotiated no telephone-event. Blocks of 205 samples at 8 kHz (the classic choice: bins ~39 Hz
// apart separate the row tones, 697-941 Hz, and the column tones, 1209-1633 Hz). A digit begins
// after two consecutive blocks agree (~51 ms; Q.24 asks tones of 40 ms to be accepted) and ends
// after two blocks without it.
import type { DigitSignal } from "./telephone-event.js";

const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = ["123A", "456B", "789C", "*0#D"];
const N = 205;
const RATE = 8000;

const coeff = (f: number) => 2 * Math.cos((2 * Math.PI * Math.round((N * f) / RATE)) / N);
const ROW_COEFF = ROWS.map(coeff);
const COL_COEFF = COLS.map(coeff);

function power(block: Float64Array, c: number): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < N; i++) {
    const s = (block[i] as number) + c * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

export interface InbandOptions {
  /** Minimum per-tone power relative to a full-scale sine (dB, default -30). */
  minLevelDb?: number;
  /** Largest allowed difference between the row and column tones (dB, default 8, Q.24 twist). */
  maxTwistDb?: number;
}

export class InbandDtmfDetector {
  private readonly block = new Float64Array(N);
  private fill = 0;
  private candidate: string | null = null;
  private agree = 0;
  private current: string | null = null;
  private currentSince = 0;
  private misses = 0;
  private readonly minPower: number;
  private readonly maxTwist: number;

  constructor(opts: InbandOptions = {}) {
    // A sine of amplitude A gives a Goertzel power of about (A*N/2)^2 at its bin.
    const full = ((32767 * N) / 2) ** 2;
    this.minPower = full * 10 ** ((opts.minLevelDb ?? -30) / 10);
    this.maxTwist = 10 ** ((opts.maxTwistDb ?? 8) / 10);
  }

  /** Feeds decoded samples; `now` is the session time at the end of these samples. */
  push(pcm: Int16Array, now: number): DigitSignal[] {
    const out: DigitSignal[] = [];
    for (let i = 0; i < pcm.length; i++) {
      this.block[this.fill++] = pcm[i] as number;
      if (this.fill === N) {
        this.fill = 0;
        this.decide(this.classify(), now - ((pcm.length - 1 - i) * 1000) / RATE, out);
      }
    }
    return out;
  }

  private classify(): string | null {
    let energy = 0;
    for (let i = 0; i < N; i++) energy += (this.block[i] as number) ** 2;
    if (energy === 0) return null;
    const rows = ROW_COEFF.map((c) => power(this.block, c));
    const cols = COL_COEFF.map((c) => power(this.block, c));
    const r = argmax(rows);
    const c = argmax(cols);
    const pr = rows[r] as number;
    const pc = cols[c] as number;
    if (pr < this.minPower || pc < this.minPower) return null;
    if (pr > pc * this.maxTwist || pc > pr * this.maxTwist) return null;
    // Each tone at least 6 dB above the others of its group.
    if (rows.some((p, i) => i !== r && p * 4 > pr) || cols.some((p, i) => i !== c && p * 4 > pc)) return null;
    // The two tones carry most of the block's energy (speech spreads across the band). Parseval:
    // a bin's power is about (N/2) * its share of the sum of squares.
    if ((pr + pc) * 2 < energy * N * 0.7) return null;
    return (KEYS[r] as string)[c] as string;
  }

  private decide(key: string | null, at: number, out: DigitSignal[]): void {
    if (this.current !== null) {
      if (key === this.current) {
        this.misses = 0;
        return;
      }
      if (++this.misses < 2) return;
      out.push({
        kind: "end",
        digit: this.current,
        source: "inband",
        at,
        durationMs: Math.round(at - this.currentSince),
      });
      this.current = null;
      this.candidate = null;
      this.agree = 0;
      return;
    }
    if (key === null || key !== this.candidate) {
      this.candidate = key;
      this.agree = key === null ? 0 : 1;
      return;
    }
    if (++this.agree >= 2) {
      this.current = key;
      this.currentSince = at - (2 * N * 1000) / RATE;
      this.misses = 0;
      out.push({ kind: "begin", digit: key, source: "inband", at });
    }
  }
}

function argmax(a: number[]): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if ((a[i] as number) > (a[best] as number)) best = i;
  return best;
}
