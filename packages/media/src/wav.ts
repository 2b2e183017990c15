// WAV in and out through `wavefile` (RIFF parsing, every PCM/float/G.711 sample format), other
// rates brought to 8 kHz by resample.ts. What the media path plays and records is always 8 kHz
// mono 16-bit.
import * as wavefileModule from "wavefile";
import { SAMPLE_RATE } from "./clip.js";
import { resample } from "./resample.js";

// wavefile ships a UMD bundle flagged __esModule: CommonJS loaders see `WaveFile` on the module,
// Node's ESM loader only a default export holding it.
type WaveFileClass = typeof wavefileModule.WaveFile;
const loaded = wavefileModule as unknown as {
  WaveFile?: WaveFileClass;
  default?: { WaveFile: WaveFileClass };
};
export const WaveFile = (loaded.WaveFile ?? loaded.default?.WaveFile) as WaveFileClass;

/** An 8 kHz (or `rate`) mono 16-bit PCM WAV file. */
export function writeWav(pcm: Int16Array, rate = SAMPLE_RATE): Uint8Array {
  const w = new WaveFile();
  w.fromScratch(1, rate, "16", pcm);
  return w.toBuffer();
}

export interface DecodedAudio {
  pcm: Int16Array;
  /** The source file's rate and channel count before conversion. */
  sourceRate: number;
  sourceChannels: number;
}

export class WavError extends Error {
  readonly code = "bad_audio";
}

/** Reads any WAV wavefile understands and returns 8 kHz mono 16-bit samples. */
export function readWav(bytes: Uint8Array): DecodedAudio {
  const w = new WaveFile();
  try {
    w.fromBuffer(bytes);
  } catch (err) {
    throw new WavError(`not a WAV file: ${(err as Error).message}`);
  }
  const fmt = w.fmt as { sampleRate: number; numChannels: number; audioFormat: number };
  const sourceRate = fmt.sampleRate;
  const sourceChannels = fmt.numChannels;
  if (fmt.audioFormat === 7) w.fromMuLaw();
  else if (fmt.audioFormat === 6) w.fromALaw();
  else if (fmt.audioFormat === 0x11) w.fromIMAADPCM();
  const raw = w.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  // One Float64Array for mono; an array of them (one per channel) otherwise.
  const channels = Array.isArray(raw) ? raw : [raw];
  const first = channels[0] ?? new Float64Array(0);
  // Down-mix to mono in the source's own scale, then bring every format to 16-bit.
  const mono = new Float64Array(first.length);
  for (const ch of channels)
    for (let i = 0; i < mono.length; i++) mono[i] = (mono[i] as number) + (ch[i] as number) / channels.length;
  const scale = sampleScale(w.bitDepth);
  // 8-bit WAV samples are unsigned, centred on 128.
  const offset = w.bitDepth === "8" ? 128 : 0;
  for (let i = 0; i < mono.length; i++) mono[i] = ((mono[i] as number) - offset) * scale;
  return { pcm: resampleTo8k(mono, sourceRate), sourceRate, sourceChannels };
}

/** Multiplier from a bit depth's sample values to 16-bit ones. */
function sampleScale(bitDepth: string): number {
  if (bitDepth === "32f" || bitDepth === "64") return 32767;
  const bits = Number.parseInt(bitDepth, 10);
  return 2 ** (16 - bits);
}

/** Resamples (16-bit scale) samples to 8 kHz through the low-pass sinc resampler. */
export function resampleTo8k(samples: Float64Array | Int16Array, fromRate: number): Int16Array {
  const data = fromRate === SAMPLE_RATE ? samples : resample(samples, fromRate, SAMPLE_RATE);
  const out = new Int16Array(data.length);
  for (let i = 0; i < data.length; i++)
    out[i] = Math.max(-32768, Math.min(32767, Math.round(data[i] as number)));
  return out;
}
