import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/** Every required output is wired, unless the flow's fallback catches unwired outputs. */
export const wiring: Rule = {
  codes: ["unwired_output"],
  check({ flow, outputs }) {
    if (flow.settings.fallback) return [];
    const found: FlowIssue[] = [];
    for (const [id, outs] of outputs) {
      for (const o of outs) {
        if (o.required && o.target === undefined) {
          found.push(
            issue(
              "unwired_output",
              ["nodes", id, ...o.path],
              `output "${o.name}" of "${id}" is not wired and the flow has no fallback`,
            ),
          );
        }
      }
    }
    return found;
  },
};
