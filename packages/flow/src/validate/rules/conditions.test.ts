import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { conditions } from "./conditions.js";

const sw = (op: string, value: string) =>
  flow({
    start: start("s"),
    s: {
      type: "switch",
      cases: [{ when: { subject: "caller", op: op as never, value }, next: "x" }],
      default: "x",
    },
    x: hangup(),
  });

test("an unparsable pattern and an empty list are errors", () => {
  expect(runRule(conditions, sw("matches", "(+"))).toEqual([
    expect.objectContaining({ code: "invalid_pattern", path: ["nodes", "s", "cases", 0, "when", "value"] }),
  ]);
  expect(runRule(conditions, sw("in", " , ")).map((i) => i.code)).toEqual(["invalid_condition"]);
  expect(runRule(conditions, sw("matches", "^\\+1555"))).toEqual([]);
});

test("patterns that need backtracking (backreferences, lookaround) are refused with a clear issue", () => {
  for (const p of ["(a)\\1", "^(?=\\+1)", "(?<!x)y", "a(?!b)"]) {
    const [i] = runRule(conditions, sw("matches", p));
    expect(i).toMatchObject({ code: "invalid_pattern", severity: "error" });
    expect(i?.message).toMatch(/RE2 syntax.*linear-time/);
  }
  // Nested quantifiers are fine: RE2 runs them in linear time.
  expect(runRule(conditions, sw("matches", "^(a+)+$"))).toEqual([]);
});
