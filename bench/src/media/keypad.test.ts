import { codeOf, matchPresses, pressPlan, telephoneEvent } from "./keypad.js";

describe("the edge-driven media bench's keypad", () => {
  test("each stream presses its own 4-digit code: 4 RFC 4733 events of 6 packets, one end marked last", () => {
    const plan = pressPlan(3, 1000);
    expect(plan).toHaveLength(3 * 4 * 6);
    const s2 = plan.filter((p) => p.stream === 2);
    expect(new Set(s2.map((p) => p.code))).toEqual(new Set([codeOf(2)]));
    expect(codeOf(2)).toBe("0002");
    expect(s2.filter((p) => p.marker)).toHaveLength(4);
    expect(s2.filter((p) => p.lastEnd)).toHaveLength(1);
    // One RTP timestamp per digit: a new timestamp is a new press (RFC 4733 §2.5.1).
    expect(new Set(s2.map((p) => p.timestamp)).size).toBe(4);
    expect(Math.min(...s2.map((p) => p.atMs))).toBeCloseTo(2000 / 3);
    expect(plan.map((p) => p.atMs)).toEqual([...plan.map((p) => p.atMs)].sort((a, b) => a - b));
  });

  test("a telephone-event packet carries the digit, the end bit and the duration", () => {
    const last = pressPlan(1, 0).find((p) => p.lastEnd)!;
    const b = telephoneEvent(last);
    expect(b[1]! & 0x7f).toBe(101);
    expect(b[12]).toBe(0);
    expect(b[13]! & 0x80).toBe(0x80);
    expect(b.readUInt16BE(14)).toBe(640);
  });

  test("presses are matched to collect.done by code: latencies sorted, missing codes lost", () => {
    const m = matchPresses(
      { "0000": 100, "0001": 200, "0002": 300 },
      { "0000": 105, "0002": 301, "9999": 1 },
    );
    expect(m).toEqual({ presses: 3, lost: 1, latencies: [1, 5] });
  });
});
