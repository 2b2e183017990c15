import { type PacedStream, PacingScheduler } from "./scheduler.js";

class Probe implements PacedStream {
  readonly runs: { slot: number; skipped: number; now: number }[] = [];
  onSlot(slot: number, skipped: number, now: number): void {
    this.runs.push({ slot, skipped, now });
  }
}

/** A seeded generator (LCG) so "random" lateness is the same every run. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

describe("PacingScheduler", () => {
  test("each stream's slot k runs at the first tick at or after start + 20k ms", () => {
    const s = new PacingScheduler(1000, 20, 1);
    const p = new Probe();
    s.add(p, 1000.4); // slot 0 due at 1001
    for (let t = 1000; t <= 1100; t += 1) s.tick(t + 0.3);
    expect(p.runs.map((r) => r.slot)).toEqual([0, 1, 2, 3, 4]);
    expect(p.runs.map((r) => Math.floor(r.now))).toEqual([1001, 1021, 1041, 1061, 1081]);
  });

  test("after a stall the missed slots are skipped: one packet per stream, never a burst", () => {
    const s = new PacingScheduler(0, 20, 1);
    const a = new Probe();
    const b = new Probe();
    s.add(a, 0);
    s.add(b, 7);
    s.tick(30); // a: slots 0,1 due at 1, 21 -> runs slot 1, skips 0; b: slot 0 due at 8 -> runs slot 1 (28)
    s.tick(31);
    s.tick(200);
    expect(a.runs.map((r) => [r.slot, r.skipped])).toEqual([
      [1, 1],
      [9, 7],
    ]);
    expect(b.runs.map((r) => [r.slot, r.skipped])).toEqual([
      [1, 1],
      [9, 7],
    ]);
    expect(s.stats.slotsSkipped).toBe(16);
  });

  test("slots never drift from the clock over 10 simulated minutes of late, irregular ticks", () => {
    const s = new PacingScheduler(0, 20, 1);
    const p = new Probe();
    s.add(p, 0);
    const rnd = lcg(7);
    let t = 0;
    const end = 10 * 60 * 1000;
    while (t < end) {
      // A timer armed at the next deadline that fires 0-4 ms late.
      t = Math.min(end, s.nextDeadline() + rnd() * 4);
      s.tick(t);
    }
    const last = p.runs[p.runs.length - 1];
    // Slot index (hence RTP timestamp = slot * 160) matches elapsed time exactly.
    expect(last?.slot).toBe(Math.floor((end - 1) / 20));
    const late = p.runs.map((r) => r.now - (1 + r.slot * 20));
    expect(Math.max(...late)).toBeLessThan(5);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
    expect(s.stats.slotsSkipped).toBe(0);
  });

  test("streams are spread over millisecond buckets and a tick runs only the due ones", () => {
    const s = new PacingScheduler(0, 20, 1);
    const probes = Array.from({ length: 20 }, () => new Probe());
    for (const [i, p] of probes.entries()) s.add(p, i); // starts 1..20
    expect(s.nextDeadline()).toBe(1);
    s.tick(5);
    expect(probes.map((p) => p.runs.length)).toEqual([1, 1, 1, 1, 1, ...Array(15).fill(0)]);
    expect(s.nextDeadline()).toBe(6);
  });

  test("by default starts align to 5 ms: four wake-ups per frame however many streams", () => {
    const s = new PacingScheduler(0);
    for (let i = 0; i < 40; i++) s.add(new Probe(), i * 0.5);
    const wakeups: number[] = [];
    for (let t = s.nextDeadline(); t < 41; t = s.nextDeadline()) {
      wakeups.push(t);
      s.tick(t);
    }
    expect(wakeups).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
  });

  test("a stream removed during a tick does not run again; an empty scheduler has no deadline", () => {
    const s = new PacingScheduler(0, 20, 1);
    const p = new Probe();
    const self: PacedStream = { onSlot: () => s.remove(self) };
    s.add(self, 0);
    s.add(p, 0);
    s.tick(1);
    s.tick(21);
    expect(p.runs.length).toBe(2);
    expect(s.size).toBe(1);
    s.remove(p);
    expect(s.nextDeadline()).toBe(Number.POSITIVE_INFINITY);
  });

  describe("packed starts (perWakeUp)", () => {
    test("streams fill the soonest bucket in use up to the cap before opening another", () => {
      const s = new PacingScheduler(0, 20, 1, 50);
      for (let i = 0; i < 120; i++) s.add(new Probe(), i * 0.1);
      expect(s.wakeUpsPerFrame).toBe(3);
      const sent: number[] = [];
      // A frame after every stream has started (the last joined at 11.9: its slot 0 is due by 32).
      for (let t = 0; t < 32; t++) s.tick(t);
      for (let t = s.nextDeadline(); t < 52; t = s.nextDeadline()) {
        const before = s.stats.slotsRun;
        s.tick(t);
        sent.push(s.stats.slotsRun - before);
      }
      expect(sent.sort((a, b) => b - a)).toEqual([50, 50, 20]);
    });

    test("a stream that left makes room: the next one joins that bucket, not an empty one", () => {
      const s = new PacingScheduler(0, 20, 1, 2);
      const a = new Probe();
      const b = new Probe();
      const c = new Probe();
      s.add(a, 0); // bucket 1
      s.add(b, 0); // bucket 1 (full)
      s.add(c, 0); // bucket 2
      expect(s.wakeUpsPerFrame).toBe(2);
      s.remove(a);
      const d = new Probe();
      s.add(d, 5); // soonest in-use bucket with room after 6: 21 (bucket 1)
      expect(s.wakeUpsPerFrame).toBe(2);
      for (let t = 1; t <= 22; t++) s.tick(t);
      expect(d.runs.map((r) => Math.floor(r.now))).toEqual([21]);
      expect(b.runs.map((r) => Math.floor(r.now))).toEqual([1, 21]);
    });

    test("with every bucket at the cap, a stream joins the least loaded one", () => {
      const s = new PacingScheduler(0, 20, 1, 1);
      const probes = Array.from({ length: 20 }, () => new Probe());
      for (const p of probes) s.add(p, 0);
      expect(s.wakeUpsPerFrame).toBe(20);
      s.remove(probes[7] as Probe); // bucket 8 emptied
      s.add(new Probe(), 0);
      s.add(new Probe(), 0); // all at 1 again: the soonest of the least loaded
      expect(s.wakeUpsPerFrame).toBe(20);
      expect(s.size).toBe(21);
    });
  });
});
