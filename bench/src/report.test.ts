import { percentile } from "./report.js";

test("percentile uses nearest rank", () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  expect(percentile(xs, 50)).toBe(5);
  expect(percentile(xs, 99)).toBe(10);
  expect(percentile(xs, 0)).toBe(1);
  expect(percentile([], 50)).toBeNaN();
});
