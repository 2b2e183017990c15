// Sample-rate conversion by windowed sinc (Blackman window, 16 zero crossings each side), the
// low-pass cut at 3.4 kHz (the telephone band's top) when going down to 8 kHz, so what speech
// engines render above 4 kHz (espeak-ng speaks at 22,050 Hz) is filtered out rather than folded
// back into the band. Ours rather than wavefile's `toSampleRate` (also sinc with a low-pass):
// 3 s of 22,050 Hz speech took 460-790 ms there and 7-14 ms here (same machine, load ~8), and
// prompts are rendered while a caller waits for an on-demand prompt.

const ZERO_CROSSINGS = 16;

function blackman(x: number): number {
  // x in [-1, 1]
  const a = Math.PI * (x + 1);
  return 0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Resamples `input` (any scale) from `fromRate` to `toRate` (integer rates). Polyphase: the
 * kernel of each of the `toRate / gcd` fractional offsets is computed once, so a tap costs one
 * multiply-add.
 */
export function resample(
  input: ArrayLike<number>,
  fromRate: number,
  toRate: number,
  cutoffHz?: number,
): Float64Array {
  if (fromRate === toRate) return Float64Array.from(input);
  const g = gcd(fromRate, toRate);
  const phases = toRate / g;
  const stride = fromRate / g; // output k sits at input position k * stride / phases
  // Cut-off in cycles per input sample: below both Nyquists, at most 3.4 kHz of an 8 kHz output.
  const fc = Math.min(cutoffHz ?? (Math.min(fromRate, toRate) / 2) * 0.85, fromRate / 2) / fromRate;
  const half = ZERO_CROSSINGS / (2 * fc);
  const taps = 2 * Math.ceil(half) + 1;
  const first = -Math.ceil(half);
  const kernels = new Float64Array(phases * taps);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      const d = first + j - frac;
      const x = 2 * fc * d;
      const w =
        Math.abs(d) >= half ? 0 : (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)) * blackman(d / half);
      kernels[p * taps + j] = w;
      sum += w;
    }
    for (let j = 0; j < taps; j++) kernels[p * taps + j] = (kernels[p * taps + j] as number) / sum;
  }
  const n = Math.floor((input.length * toRate) / fromRate);
  const out = new Float64Array(n);
  const last = input.length - 1;
  for (let k = 0; k < n; k++) {
    const pos = k * stride;
    const base = Math.floor(pos / phases) + first;
    const kernel = (pos % phases) * taps;
    let acc = 0;
    const j0 = Math.max(0, -base);
    const j1 = Math.min(taps - 1, last - base);
    for (let j = j0; j <= j1; j++) acc += (input[base + j] as number) * (kernels[kernel + j] as number);
    out[k] = acc;
  }
  return out;
}
