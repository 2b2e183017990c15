import { AudioClip } from "./clip.js";
import { encodeG711 } from "./g711.js";
import { Recorder } from "./recorder.js";

const tone = (ms: number) => AudioClip.tone([440], ms, 0.3).pcm;

/** Cuts samples into RTP-like packets of `frame` samples starting at timestamp `ts0`. */
function packets(pcm: Int16Array, frame = 160, ts0 = 1000): { ts: number; payload: Uint8Array }[] {
  const out = [];
  for (let i = 0; i + frame <= pcm.length; i += frame)
    out.push({ ts: ts0 + i, payload: encodeG711("PCMU", pcm.subarray(i, i + frame)) });
  return out;
}

function feed(r: Recorder, list: { ts: number; payload: Uint8Array }[], t0 = 0, ssrc = 1): number {
  let t = t0;
  for (const p of list) {
    r.packet(ssrc, p.ts, p.payload, "PCMU", t);
    t += 20;
  }
  return t;
}

/** A signal whose 20 ms frames are distinguishable: frame k is a constant level k * 200. */
function steps(n: number): Int16Array {
  const pcm = new Int16Array(n * 160);
  for (let k = 0; k < n; k++) pcm.fill(k * 200, k * 160, (k + 1) * 160);
  return pcm;
}

const levelsOf = (pcm: Int16Array) =>
  Array.from({ length: pcm.length / 160 }, (_, k) => Math.round((pcm[k * 160] ?? 0) / 200));

describe("recorder", () => {
  test("packets out of order within the reorder depth come out in order", () => {
    const r = new Recorder({ maxLengthMs: 60_000, silenceMs: 0, minLengthMs: 0 }, 0);
    const p = packets(steps(10));
    feed(
      r,
      [p[0], p[2], p[1], p[3], p[5], p[4], p[6], p[7], p[9], p[8]].map((x) => x as (typeof p)[0]),
    );
    const res = r.stop(200, "hangup");
    expect(levelsOf(res.recording?.pcm ?? new Int16Array()).slice(0, 10)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  test("a lost packet is filled with silence once later ones waited, so the length stays true", () => {
    const r = new Recorder({ maxLengthMs: 60_000, silenceMs: 0, minLengthMs: 0, reorderDepth: 3 }, 0);
    const all = packets(tone(400));
    feed(
      r,
      all.filter((_, i) => i !== 5),
    );
    expect(r.stats.filledSamples).toBe(160);
    expect(r.length).toBeGreaterThanOrEqual(14 * 160);
    const res = r.stop(400, "hangup");
    expect(res.recording?.pcm.length).toBe(20 * 160);
    expect(res.recording?.pcm.subarray(5 * 160, 6 * 160).every((s) => s === 0)).toBe(true);
  });

  test("duplicates and packets older than what was written are dropped", () => {
    const r = new Recorder({ maxLengthMs: 60_000, silenceMs: 0, minLengthMs: 0, reorderDepth: 3 }, 0);
    const p = packets(steps(6));
    // p2 is copied while it waits for p1; p0 comes again after it was written.
    feed(
      r,
      [p[0], p[2], p[2], p[1], p[3], p[4], p[0], p[5]].map((x) => x as (typeof p)[0]),
    );
    expect(r.stats).toMatchObject({ duplicates: 1, late: 1 });
    expect(levelsOf(r.stop(200, "hangup").recording?.pcm ?? new Int16Array())).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test("30 ms frames (as in SIPp's g711a.pcap) are taken as they are", () => {
    const r = new Recorder({ maxLengthMs: 60_000, silenceMs: 0, minLengthMs: 0 }, 0);
    feed(r, packets(tone(3000), 240));
    expect(r.stop(3000, "hangup").recording?.durationMs).toBe(3000);
  });

  test("ends on silence and trims it (keeping 100 ms)", () => {
    const r = new Recorder({ maxLengthMs: 60_000, silenceMs: 2000, minLengthMs: 1000 }, 0);
    const pcm = new Int16Array(8000 * 5);
    pcm.set(tone(2000));
    feed(r, packets(pcm));
    const res = r.done;
    expect(res).toMatchObject({ outcome: "complete", endedBy: "silence" });
    expect(res?.recording?.durationMs).toBe(2100);
  });

  test("ends at max length exactly", () => {
    const r = new Recorder({ maxLengthMs: 1000, silenceMs: 0, minLengthMs: 0 }, 0);
    feed(r, packets(tone(3000)));
    expect(r.done).toMatchObject({ endedBy: "maxLength", outcome: "complete" });
    expect(r.done?.recording?.pcm.length).toBe(8000);
  });

  test("ends on the terminator key, which is not recorded as a digit", () => {
    const r = new Recorder({ maxLengthMs: 60_000, silenceMs: 0 }, 0);
    const t = feed(r, packets(tone(2000)));
    r.digit("1", t);
    expect(r.done).toBeNull();
    r.digit("#", t);
    expect(r.done).toMatchObject({ endedBy: "terminator", terminator: "#", digits: "", outcome: "complete" });
  });

  test("a caller who hangs up keeps the message, trailing silence trimmed", () => {
    const r = new Recorder({ maxLengthMs: 60_000, silenceMs: 10_000 }, 0);
    const pcm = new Int16Array(8000 * 4);
    pcm.set(tone(3000));
    const t = feed(r, packets(pcm));
    const res = r.stop(t, "hangup");
    expect(res).toMatchObject({ outcome: "complete", endedBy: "hangup", durationMs: 4000 });
    expect(res.recording?.durationMs).toBe(3100);
  });

  test("a message shorter than the minimum after trimming is tooShort", () => {
    const r = new Recorder({ maxLengthMs: 60_000, silenceMs: 2000, minLengthMs: 1000 }, 0);
    const pcm = new Int16Array(8000 * 3);
    pcm.set(tone(500));
    feed(r, packets(pcm));
    expect(r.done).toMatchObject({ outcome: "tooShort", endedBy: "silence" });
    expect(r.done?.recording?.durationMs).toBe(600);
  });

  test("a peer that sends nothing ends on silence by the clock, with nothing kept", () => {
    const r = new Recorder({ maxLengthMs: 60_000, silenceMs: 3000 }, 1000);
    expect(r.poll(3999)).toBeNull();
    expect(r.poll(4000)).toMatchObject({
      outcome: "tooShort",
      endedBy: "silence",
      recording: { durationMs: 0 },
    });
  });
});
