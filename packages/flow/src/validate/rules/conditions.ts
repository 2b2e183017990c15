import { patternProblem } from "../../pattern.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/**
 * Switch conditions can be evaluated: a `matches` value is a pattern in RE2 syntax (matched in
 * linear time; what needs backtracking is refused), an `in` list is not empty.
 */
export const conditions: Rule = {
  codes: ["invalid_condition", "invalid_pattern"],
  check({ entries }) {
    const found: FlowIssue[] = [];
    for (const [id, n] of entries) {
      if (n.type !== "switch") continue;
      n.cases.forEach((c, i) => {
        const path = ["nodes", id, "cases", i, "when", "value"];
        if (c.when.op === "matches") {
          const why = patternProblem(c.when.value);
          if (why) found.push(issue("invalid_pattern", path, `"${c.when.value.slice(0, 80)}" is ${why}`));
        } else if (c.when.op === "in" && c.when.value.split(",").every((v) => v.trim() === "")) {
          found.push(issue("invalid_condition", path, "an `in` condition needs a comma-separated list"));
        }
      });
    }
    return found;
  },
};
