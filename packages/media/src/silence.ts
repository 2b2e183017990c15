// Level of a block of samples in dBFS (0 dB = a full-scale square wave; a full-scale sine is
// about -3 dB), and the silence detector the recorder ends on.

export function levelDb(pcm: Int16Array, from = 0, to = pcm.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (pcm[i] as number) ** 2;
  const n = to - from;
  if (n <= 0 || sum === 0) return Number.NEGATIVE_INFINITY;
  return 10 * Math.log10(sum / n / 32768 ** 2);
}

/** Counts the samples of silence at the end of what it has seen, in 20 ms blocks. */
export class SilenceDetector {
  private run = 0;
  private heard = false;
  private pending = new Int16Array(160);
  private fill = 0;

  constructor(private readonly thresholdDb = -40) {}

  /** Samples of silence since the last block louder than the threshold. */
  get trailingSilence(): number {
    return this.run;
  }

  /** True once any block was louder than the threshold. */
  get heardSound(): boolean {
    return this.heard;
  }

  push(pcm: Int16Array): void {
    let i = 0;
    while (i < pcm.length) {
      const take = Math.min(160 - this.fill, pcm.length - i);
      this.pending.set(pcm.subarray(i, i + take), this.fill);
      this.fill += take;
      i += take;
      if (this.fill === 160) {
        if (levelDb(this.pending) >= this.thresholdDb) {
          this.run = 0;
          this.heard = true;
        } else {
          this.run += 160;
        }
        this.fill = 0;
      }
    }
  }
}
