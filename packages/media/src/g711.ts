// G.711 (ITU-T G.711, 1988) mu-law and A-law as lookup tables: one table read per sample each
// way. The encoders follow the ITU's reference code (G.191 STL `g711.c`): mu-law clips the
// 16-bit magnitude at 32,635 before adding the 0x84 bias; A-law takes the one's complement of
// negative samples (so -1 is the smallest negative level, not zero).

/** Silence as a codec byte: the code that decodes closest to 0. */
export const MULAW_SILENCE = 0xff;
export const ALAW_SILENCE = 0xd5;

const MU_BIAS = 0x84;
const MU_CLIP = 32635;

function muEncode(sample: number): number {
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > MU_CLIP) s = MU_CLIP;
  s += MU_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function muDecode(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + MU_BIAS) << exponent) - MU_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

function aEncode(sample: number): number {
  // G.191 alaw_compress: 12-bit magnitude, one's complement for negatives.
  let ix = sample < 0 ? ~sample >> 4 : sample >> 4;
  if (ix > 15) {
    let exponent = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      exponent++;
    }
    ix -= 16;
    ix += exponent << 4;
  }
  if (sample >= 0) ix |= 0x80;
  return ix ^ 0x55;
}

function aDecode(code: number): number {
  const ix = (code ^ 0x55) & 0x7f;
  const exponent = ix >> 4;
  let mantissa = ix & 0x0f;
  if (exponent > 0) mantissa += 16;
  mantissa = (mantissa << 4) + 8;
  if (exponent > 1) mantissa <<= exponent - 1;
  return code > 127 ? mantissa : -mantissa;
}

function encodeTable(f: (s: number) => number): Uint8Array {
  // Indexed by the sample's 16 bits (two's complement), so encoding is `t[s & 0xffff]`.
  const t = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) t[i] = f(i < 32768 ? i : i - 65536);
  return t;
}

function decodeTable(f: (c: number) => number): Int16Array {
  const t = new Int16Array(256);
  for (let i = 0; i < 256; i++) t[i] = f(i);
  return t;
}

export const MULAW_ENCODE = encodeTable(muEncode);
export const MULAW_DECODE = decodeTable(muDecode);
export const ALAW_ENCODE = encodeTable(aEncode);
export const ALAW_DECODE = decodeTable(aDecode);

export type G711Law = "PCMU" | "PCMA";

const encoders = { PCMU: MULAW_ENCODE, PCMA: ALAW_ENCODE } as const;
const decoders = { PCMU: MULAW_DECODE, PCMA: ALAW_DECODE } as const;

/** Encodes 16-bit linear samples into `out` (allocated when absent). */
export function encodeG711(law: G711Law, pcm: Int16Array, out = new Uint8Array(pcm.length)): Uint8Array {
  const t = encoders[law];
  for (let i = 0; i < pcm.length; i++) out[i] = t[(pcm[i] as number) & 0xffff] as number;
  return out;
}

/** Decodes codec bytes into 16-bit linear samples in `out` (allocated when absent). */
export function decodeG711(law: G711Law, bytes: Uint8Array, out = new Int16Array(bytes.length)): Int16Array {
  const t = decoders[law];
  for (let i = 0; i < bytes.length; i++) out[i] = t[bytes[i] as number] as number;
  return out;
}

export function silenceByte(law: G711Law): number {
  return law === "PCMU" ? MULAW_SILENCE : ALAW_SILENCE;
}

/** One law's code to the other's for the same level (bridging a PCMU leg to a PCMA leg). */
export const MULAW_TO_ALAW = Uint8Array.from(MULAW_DECODE, (s) => ALAW_ENCODE[s & 0xffff] as number);
export const ALAW_TO_MULAW = Uint8Array.from(ALAW_DECODE, (s) => MULAW_ENCODE[s & 0xffff] as number);

/** `bytes` of law `from` as law `to` (a copy; the same bytes when the laws match). */
export function transcodeG711(from: G711Law, to: G711Law, bytes: Uint8Array): Uint8Array {
  if (from === to) return bytes;
  const t = from === "PCMU" ? MULAW_TO_ALAW : ALAW_TO_MULAW;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = t[bytes[i] as number] as number;
  return out;
}
