import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/** A percentage split's weights add up to 100. */
export const split: Rule = {
  codes: ["split_sum"],
  check({ entries }) {
    const found: FlowIssue[] = [];
    for (const [id, n] of entries) {
      if (n.type !== "switch" || !n.split || n.split.length === 0) continue;
      const sum = n.split.reduce((s, b) => s + b.percent, 0);
      if (sum !== 100)
        found.push(issue("split_sum", ["nodes", id, "split"], `split weights add up to ${sum}, not 100`));
    }
    return found;
  },
};
