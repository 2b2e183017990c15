import type { PacedStream } from "@ringflow/media";
import { Pacer } from "./pacer.js";

/** 40 streams joining 0.5 ms apart on the pacer's clock; the milliseconds (of the frame) each wakes in, over 2 frames. */
function wakeUps(pacer: Pacer, clock: { now: number }): number[][] {
  const ran: number[][] = Array.from({ length: 20 }, () => []);
  for (let i = 0; i < 160; i++) {
    clock.now = i * 0.5;
    if (i < 40) {
      const s: PacedStream = {
        onSlot: (_slot, _skipped, at) => {
          if (at >= 40) ran[Math.floor(at) % 20]?.push(i);
        },
      };
      pacer.scheduler.add(s, clock.now);
    }
    pacer.scheduler.tick(clock.now);
  }
  pacer.stop();
  return ran;
}

describe("the edge's pacer", () => {
  test("spreads streams over every millisecond of the 20 ms frame (small bursts), not four wake-ups", () => {
    const clock = { now: 0 };
    const ran = wakeUps(new Pacer(() => clock.now), clock);
    const counts = ran.map((r) => r.length);
    // 2 streams a millisecond, 2 frames: each millisecond of the frame runs 4 slots.
    expect(counts).toEqual(Array.from({ length: 20 }, () => 4));
  });

  test("with the scheduler's 5 ms alignment the same streams share four wake-ups", () => {
    const clock = { now: 0 };
    const ran = wakeUps(new Pacer(() => clock.now, 5), clock);
    const busy = ran.flatMap((r, ms) => (r.length > 0 ? [ms] : []));
    expect(busy).toEqual([0, 5, 10, 15]);
    expect(ran[0]?.length).toBe(2 * 10);
  });
});
