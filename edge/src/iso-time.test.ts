import { isoTime } from "./iso-time.js";

test("isoTime equals Date#toISOString at every millisecond, across seconds, days and years", () => {
  const starts = [0, -1500, 1_800_000_000_000, Date.UTC(2026, 11, 31, 23, 59, 59, 990), 253402300799000];
  for (const start of starts) {
    for (let ms = start - 20; ms < start + 1020; ms++) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      // fractions are floored, and a repeat of the same millisecond gives the same text
      expect(isoTime(ms + 0.75)).toBe(new Date(ms).toISOString());
    }
  }
  // going back in time (another clock's reading) is as exact
  expect(isoTime(1_800_000_000_123)).toBe("2027-01-15T08:00:00.123Z");
  expect(isoTime(5)).toBe("1970-01-01T00:00:00.005Z");
});
