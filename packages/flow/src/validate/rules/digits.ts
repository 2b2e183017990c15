import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/**
 * Digit collection can succeed: a collect's minDigits is at most its maxDigits, and no menu key
 * contains the menu's terminator (the caller could never enter it).
 */
export const digits: Rule = {
  codes: ["digit_range", "key_has_terminator"],
  check({ entries }) {
    const found: FlowIssue[] = [];
    for (const [id, n] of entries) {
      if (n.type === "collect" && n.minDigits > n.maxDigits) {
        found.push(
          issue(
            "digit_range",
            ["nodes", id, "minDigits"],
            `minDigits ${n.minDigits} exceeds maxDigits ${n.maxDigits}`,
          ),
        );
      }
      if (n.type === "menu" && n.terminator) {
        for (const key of Object.keys(n.options)) {
          if (key.includes(n.terminator)) {
            found.push(
              issue(
                "key_has_terminator",
                ["nodes", id, "options", key],
                `key "${key}" contains the terminator`,
              ),
            );
          }
        }
      }
    }
    return found;
  },
};
