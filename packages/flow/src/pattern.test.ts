import { compilePattern, patternProblem } from "./pattern.js";

test("a nested quantifier against a hostile subject answers at once (RE2, no backtracking)", () => {
  // On V8's backtracking engine this pattern takes seconds on 29 a's and a final '!'.
  const p = compilePattern("^(a+)+$");
  const started = process.hrtime.bigint();
  for (let n = 20; n <= 256; n++) expect(p?.test(`${"a".repeat(n)}!`)).toBe(false);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  expect(ms).toBeLessThan(1000);
  expect(p?.test("aaaa")).toBe(true);
});

test("search semantics match RegExp.test for the syntax both share", () => {
  const cases: [string, string, boolean][] = [
    ["^\\+1555", "+15550100", true],
    ["0100$", "+15550100", true],
    ["55(01|02)", "+15550100", true],
    ["^\\d{3}$", "1234", false],
    ["[a-z]+@", "bob@example", true],
  ];
  for (const [src, subject, want] of cases) {
    expect(compilePattern(src)?.test(subject)).toBe(want);
    expect(new RegExp(src).test(subject)).toBe(want);
  }
});

test("what RE2 cannot run is refused with the reason", () => {
  expect(patternProblem("(a)\\1")).toMatch(/backreferences/);
  expect(patternProblem("x".repeat(501))).toMatch(/500 characters/);
  expect(compilePattern("(a)\\1")).toBeNull();
  expect(patternProblem("^\\+1")).toBeUndefined();
});
