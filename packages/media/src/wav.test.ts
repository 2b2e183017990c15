import { AudioClip } from "./clip.js";
import { levelDb } from "./silence.js";
import { readWav, resampleTo8k, WavError, WaveFile, writeWav } from "./wav.js";

describe("WAV and resampling", () => {
  test("8 kHz mono 16-bit round trip", () => {
    const pcm = AudioClip.tone([440], 250).pcm;
    const bytes = writeWav(pcm);
    expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe("RIFF");
    expect(bytes.length).toBe(44 + pcm.length * 2);
    const back = readWav(bytes);
    expect(back).toMatchObject({ sourceRate: 8000, sourceChannels: 1 });
    expect(Array.from(back.pcm)).toEqual(Array.from(pcm));
  });

  test("22,050 Hz (espeak-ng's rate) to 8 kHz keeps a 1 kHz tone and filters 6 kHz instead of aliasing it to 2 kHz", () => {
    const at = (f: number) =>
      Float64Array.from({ length: 22050 }, (_, i) => 10000 * Math.sin((2 * Math.PI * f * i) / 22050));
    const pass = resampleTo8k(at(1000), 22050);
    const stop = resampleTo8k(at(6000), 22050);
    expect(Math.abs(pass.length - 8000)).toBeLessThanOrEqual(1);
    const mid = (x: Int16Array) => x.subarray(400, 7600);
    expect(levelDb(mid(pass))).toBeGreaterThan(levelDb(Int16Array.from(at(1000))) - 1);
    expect(levelDb(mid(stop))).toBeLessThan(levelDb(Int16Array.from(at(6000))) - 30);
  });

  test("stereo 44.1 kHz 8-bit and mu-law files come out 8 kHz mono 16-bit", () => {
    const n = 44100;
    const left = Uint8Array.from(
      { length: n },
      (_, i) => 128 + Math.round(100 * Math.sin((2 * Math.PI * 500 * i) / 44100)),
    );
    const w = new WaveFile();
    w.fromScratch(2, 44100, "8", [left, left]);
    const stereo = readWav(w.toBuffer());
    expect(stereo).toMatchObject({ sourceRate: 44100, sourceChannels: 2 });
    expect(Math.abs(stereo.pcm.length - 8000)).toBeLessThanOrEqual(1);
    // 100/128 of full scale as a sine: about -4.3 dBFS.
    expect(levelDb(stereo.pcm.subarray(400, 7600))).toBeCloseTo(-5.2, 0);

    const m = new WaveFile();
    m.fromScratch(1, 8000, "16", AudioClip.tone([440], 100).pcm);
    m.toMuLaw();
    expect(readWav(m.toBuffer()).pcm.length).toBe(800);
  });

  test("what is not a WAV file is a typed error", () => {
    expect(() => readWav(new TextEncoder().encode("not audio at all, sorry"))).toThrow(WavError);
  });
});
