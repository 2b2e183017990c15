import * as alawmulaw from "alawmulaw";
import { ALAW_DECODE, ALAW_ENCODE, decodeG711, encodeG711, MULAW_DECODE, MULAW_ENCODE } from "./g711.js";

const all = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

describe("G.711 mu-law", () => {
  test("decodes all 256 codes as the reference (alawmulaw) does", () => {
    const ref = Array.from({ length: 256 }, (_, c) => alawmulaw.mulaw.decodeSample(c) + 0);
    expect([...MULAW_DECODE]).toEqual(ref);
  });

  test("encodes every 16-bit sample as the reference does", () => {
    const ref = alawmulaw.mulaw.encode(all);
    expect(Buffer.from(encodeG711("PCMU", all)).equals(Buffer.from(ref))).toBe(true);
  });

  test("silence is 0xFF and full scale is the outermost code", () => {
    expect(MULAW_ENCODE[0]).toBe(0xff);
    expect(MULAW_ENCODE[32767]).toBe(0x80);
    expect(MULAW_ENCODE[0x8000]).toBe(0x00);
  });
});

describe("G.711 A-law", () => {
  test("decodes all 256 codes as the reference does", () => {
    const ref = Array.from({ length: 256 }, (_, c) => alawmulaw.alaw.decodeSample(c) + 0);
    expect([...ALAW_DECODE]).toEqual(ref);
  });

  test("encodes non-negative samples as the reference does and negatives by one's complement (G.191)", () => {
    const differ: number[] = [];
    for (let s = 0; s < 32768; s++) if (ALAW_ENCODE[s] !== alawmulaw.alaw.encodeSample(s)) differ.push(s);
    // The reference negates -x; G.191 takes ~x = -x - 1, which is the reference at x + 1.
    for (let s = -32767; s <= -2; s++)
      if (ALAW_ENCODE[s & 0xffff] !== alawmulaw.alaw.encodeSample(s + 1)) differ.push(s);
    expect(differ).toEqual([]);
    expect(ALAW_ENCODE[0]).toBe(0xd5);
  });
});

test.each(["PCMU", "PCMA"] as const)("%s round trip stays within one quantization step", (law) => {
  const back = decodeG711(law, encodeG711(law, all));
  const bad: number[] = [];
  for (let i = 0; i < all.length; i++) {
    const x = all[i] as number;
    // Steps double per segment: 1/16 of the magnitude bounds the error, plus the smallest step.
    if (Math.abs(x - (back[i] as number)) > Math.abs(x) / 16 + 16) bad.push(x);
  }
  expect(bad).toEqual([]);
});
