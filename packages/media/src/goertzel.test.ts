import { AudioClip } from "./clip.js";
import { decodeG711, encodeG711 } from "./g711.js";
import { InbandDtmfDetector } from "./goertzel.js";
import { dtmfTone } from "./session.js";
import type { DigitSignal } from "./telephone-event.js";

/** Feeds clips through G.711 in 20 ms frames, as they would arrive. */
function detect(clips: AudioClip[]): DigitSignal[] {
  const d = new InbandDtmfDetector();
  const all = new Int16Array(clips.reduce((n, c) => n + c.pcm.length, 0));
  let o = 0;
  for (const c of clips) {
    all.set(c.pcm, o);
    o += c.pcm.length;
  }
  const coded = decodeG711("PCMA", encodeG711("PCMA", all));
  const out: DigitSignal[] = [];
  for (let i = 0; i + 160 <= coded.length; i += 160)
    out.push(...d.push(coded.subarray(i, i + 160), ((i + 160) / 8000) * 1000));
  return out;
}

function noise(ms: number, seed: number, level: number): AudioClip {
  let x = seed;
  const pcm = new Int16Array(ms * 8);
  for (let i = 0; i < pcm.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    pcm[i] = Math.round(((x / 0x7fffffff) * 2 - 1) * level);
  }
  return new AudioClip(pcm);
}

describe("in-band DTMF (Goertzel)", () => {
  test("hears every key once through A-law, with 100 ms tones and 70 ms gaps", () => {
    const keys = "0123456789*#ABCD";
    const clips = [...keys].flatMap((k) => [dtmfTone(k, 100), AudioClip.silence(70)]);
    const out = detect(clips);
    expect(
      out
        .filter((s) => s.kind === "end")
        .map((s) => s.digit)
        .join(""),
    ).toBe(keys);
    expect(
      out
        .filter((s) => s.kind === "begin")
        .map((s) => s.digit)
        .join(""),
    ).toBe(keys);
  });

  test("hears a tone under noise (about 30 dB below) and a held key once", () => {
    const out = detect(
      [noise(100, 1, 300), dtmfTone("5", 600), noise(200, 2, 300)].map((c, i) =>
        i === 1 ? mix(c, noise(600, 3, 300)) : c,
      ),
    );
    expect(out.filter((s) => s.kind === "end").map((s) => s.digit)).toEqual(["5"]);
  });

  test("does not fire on noise, a single tone, or a tone too short (30 ms)", () => {
    expect(detect([noise(2000, 7, 8000)])).toEqual([]);
    expect(detect([AudioClip.tone([1000], 500)])).toEqual([]);
    expect(detect([AudioClip.tone([697], 500)])).toEqual([]);
    expect(detect([AudioClip.silence(100), dtmfTone("1", 30), AudioClip.silence(100)])).toEqual([]);
  });

  test("does not fire on speech-like harmonics (a 150 Hz voice with many partials)", () => {
    const partials = Array.from({ length: 20 }, (_, i) => 150 * (i + 1));
    expect(detect([AudioClip.tone(partials, 1000, 0.8)])).toEqual([]);
  });
});

function mix(a: AudioClip, b: AudioClip): AudioClip {
  return new AudioClip(
    Int16Array.from(a.pcm, (s, i) => Math.max(-32768, Math.min(32767, s + (b.pcm[i] ?? 0)))),
  );
}
