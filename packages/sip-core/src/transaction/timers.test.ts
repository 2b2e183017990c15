import { DEFAULT_TIMERS, duration, type TimerName } from "./timers.js";

const T1 = DEFAULT_TIMERS.T1;

test("RFC 3261 Table 4 over UDP: A/E/G start at T1; B/F/H/J/L/M = 64*T1; D = 32 s; I/K = T4", () => {
  const udp = (t: TimerName) => duration(t, DEFAULT_TIMERS, false);
  expect(["A", "E", "G"].map((t) => udp(t as TimerName))).toEqual([T1, T1, T1]);
  expect(["B", "F", "H", "J", "L", "M"].map((t) => udp(t as TimerName))).toEqual(Array(6).fill(64 * T1));
  expect(udp("D")).toBe(32_000);
  expect([udp("I"), udp("K")]).toEqual([5000, 5000]);
  expect(udp("Trying")).toBe(200);
});

test("Timers D, I, J and K are 'zero seconds for reliable transports' (and only those)", () => {
  const tcp = (t: TimerName) => duration(t, DEFAULT_TIMERS, true);
  expect(["D", "I", "J", "K"].map((t) => tcp(t as TimerName))).toEqual([0, 0, 0, 0]);
  expect(["B", "F", "H", "L", "M"].map((t) => tcp(t as TimerName))).toEqual(Array(5).fill(64 * T1));
});

test("the table follows a configured T1 (64*T1 timers scale; D stays at least 32 s)", () => {
  const c = { ...DEFAULT_TIMERS, T1: 100 };
  expect(duration("B", c, false)).toBe(6400);
  expect(duration("D", c, false)).toBe(32_000);
});
