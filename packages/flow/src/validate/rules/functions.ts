import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/**
 * A decision node names one of the tenant's registered customer functions, exactly (no ARN, alias
 * or qualifier: those would name the same function past the check). Needs the tenant's policy.
 */
export const functions: Rule = {
  codes: ["unregistered_function"],
  check({ entries, policy }) {
    if (!policy?.functions) return [];
    const registered = new Set(policy.functions);
    const found: FlowIssue[] = [];
    for (const [id, n] of entries) {
      if (n.type === "decision" && !registered.has(n.function))
        found.push(
          issue(
            "unregistered_function",
            ["nodes", id, "function"],
            `${n.function} is not a function this tenant registered (register it with PUT /v1/functions/{name})`,
          ),
        );
    }
    return found;
  },
};
