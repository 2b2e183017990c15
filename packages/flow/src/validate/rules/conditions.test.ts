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

test("an unparsable regular expression and an empty list are errors", () => {
  expect(runRule(conditions, sw("matches", "(+"))).toEqual([
    expect.objectContaining({ code: "invalid_condition", path: ["nodes", "s", "cases", 0, "when", "value"] }),
  ]);
  expect(runRule(conditions, sw("in", " , ")).map((i) => i.code)).toEqual(["invalid_condition"]);
  expect(runRule(conditions, sw("matches", "^\\+1555"))).toEqual([]);
});
