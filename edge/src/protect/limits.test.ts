import { Admission } from "./limits.js";

test("calls cap refuses at the limit", () => {
  const a = new Admission(2, 0);
  expect(a.admit("1.1.1.1", 1)).toBeUndefined();
  expect(a.admit("1.1.1.1", 2)).toBe("calls_cap");
  expect(a.refused.calls_cap).toBe(1);
});

test("per-source rate: a burst up to the rate, then refusals, refilled with time", () => {
  let now = 0;
  const a = new Admission(0, 5, () => now);
  const burst = Array.from({ length: 7 }, () => a.admit("10.0.0.1", 0));
  expect(burst.filter((r) => r === undefined)).toHaveLength(5);
  expect(burst.slice(5)).toEqual(["rate_cap", "rate_cap"]);
  // another source has its own bucket
  expect(a.admit("10.0.0.2", 0)).toBeUndefined();
  now += 400; // 2 tokens back
  expect(a.admit("10.0.0.1", 0)).toBeUndefined();
  expect(a.admit("10.0.0.1", 0)).toBeUndefined();
  expect(a.admit("10.0.0.1", 0)).toBe("rate_cap");
});

test("0 switches both limits off", () => {
  const a = new Admission(0, 0);
  for (let i = 0; i < 1000; i++) expect(a.admit("x", 1_000_000)).toBeUndefined();
});
