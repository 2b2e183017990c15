import { serializeRtp } from "@ringflow/media";
import { intervalErrors } from "./kernel-stamps.js";

const rtp = (ssrc: number, ts: number, payloadType = 0) =>
  serializeRtp({
    marker: false,
    payloadType,
    sequenceNumber: ts / 160,
    timestamp: ts,
    ssrc,
    payload: new Uint8Array(160),
  });

describe("intervalErrors (kernel-stamped capture)", () => {
  test("per stream, consecutive frames only: a late datagram is two errors, a skipped slot a gap", () => {
    const d: { atMs: number; payload: Uint8Array }[] = [];
    // Stream 1: 100 frames on time, except frame 50 sent 3 ms late.
    for (let k = 0; k < 100; k++) d.push({ atMs: k * 20 + (k === 50 ? 3 : 0), payload: rtp(1, k * 160) });
    // Stream 2, interleaved, 0.5 ms after stream 1: slot 10 skipped (a 40 ms step, no interval).
    for (let k = 0; k < 100; k++) if (k !== 10) d.push({ atMs: k * 20 + 0.5, payload: rtp(2, k * 160) });
    // Not audio (a telephone-event) and not RTP: ignored.
    d.push({ atMs: 5, payload: rtp(2, 0, 101) });
    d.push({ atMs: 6, payload: new Uint8Array(4) });
    d.sort((a, b) => a.atMs - b.atMs);
    const r = intervalErrors(d);
    expect(r.packets).toBe(199);
    expect(r.gaps).toBe(1);
    expect(r.intervals).toBe(99 + 97);
    expect(r.p50).toBeLessThan(0.1);
    // 2 of 196 intervals (1%) are 3 ms off: the 99th percentile is that error.
    expect(r.p99).toBeGreaterThan(2.9);
    expect(r.p99).toBeLessThan(3.1);
  });
});
