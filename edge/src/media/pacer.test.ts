import type { PacedStream } from "@ringflow/media";
import { Pacer } from "./pacer.js";

/** `n` streams joining `gapMs` apart on the pacer's clock; per millisecond of the frame, the slots run in 2 frames after all joined. */
function wakeUps(pacer: Pacer, clock: { now: number }, n: number, gapMs: number): number[] {
  const ran = Array.from({ length: 20 }, () => 0);
  const joinedBy = n * gapMs + 1;
  for (let i = 0; clock.now < joinedBy + 40; i++) {
    clock.now = i * gapMs;
    if (i < n) {
      const s: PacedStream = {
        onSlot: (_slot, _skipped, at) => {
          if (at >= joinedBy && at < joinedBy + 40) ran[Math.floor(at) % 20]! += 1;
        },
      };
      pacer.scheduler.add(s, clock.now);
    }
    pacer.scheduler.tick(clock.now);
  }
  pacer.stop();
  return ran;
}

const busy = (ran: number[]) => ran.filter((c) => c > 0).length;

describe("the edge's pacer", () => {
  test("packs few streams into few wake-ups: 40 streams joining over 20 ms share one millisecond", () => {
    const clock = { now: 0 };
    const ran = wakeUps(new Pacer(() => clock.now), clock, 40, 0.5);
    expect(busy(ran)).toBe(1);
    expect(Math.max(...ran)).toBe(2 * 40);
  });

  test("1,000 streams use every millisecond of the frame, 50 datagrams a wake-up", () => {
    const clock = { now: 0 };
    const ran = wakeUps(new Pacer(() => clock.now), clock, 1000, 0.05);
    expect(ran).toEqual(Array.from({ length: 20 }, () => 2 * 50));
  });

  test("unpacked, 1 ms alignment spreads 40 streams over every millisecond (20 wake-ups a frame)", () => {
    const clock = { now: 0 };
    const ran = wakeUps(new Pacer(() => clock.now, 1, Number.POSITIVE_INFINITY), clock, 40, 0.5);
    expect(ran).toEqual(Array.from({ length: 20 }, () => 4));
  });

  test("with the scheduler's 5 ms alignment, unpacked, the same streams share four wake-ups", () => {
    const clock = { now: 0 };
    const ran = wakeUps(new Pacer(() => clock.now, 5, Number.POSITIVE_INFINITY), clock, 40, 0.5);
    expect(ran.flatMap((c, ms) => (c > 0 ? [ms] : []))).toEqual([0, 5, 10, 15]);
    expect(ran[0]).toBe(2 * 10);
  });
});
