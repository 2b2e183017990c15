import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/** Switch conditions can be evaluated: a `matches` value is a regular expression, an `in` list is not empty. */
export const conditions: Rule = {
  codes: ["invalid_condition"],
  check({ entries }) {
    const found: FlowIssue[] = [];
    for (const [id, n] of entries) {
      if (n.type !== "switch") continue;
      n.cases.forEach((c, i) => {
        const path = ["nodes", id, "cases", i, "when", "value"];
        if (c.when.op === "matches") {
          try {
            new RegExp(c.when.value);
          } catch {
            found.push(issue("invalid_condition", path, `"${c.when.value}" is not a regular expression`));
          }
        } else if (c.when.op === "in" && c.when.value.split(",").every((v) => v.trim() === "")) {
          found.push(issue("invalid_condition", path, "an `in` condition needs a comma-separated list"));
        }
      });
    }
    return found;
  },
};
