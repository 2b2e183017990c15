import { MAX_NODES, MAX_VARIABLES } from "../../limits.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/**
 * Flow-wide limits: at most 2,000 nodes (Twilio Studio's limit), at most 32 distinct variables,
 * and a sequential hunt whose ring time exceeds the call's time limit (warning).
 */
export const limits: Rule = {
  codes: ["too_many_nodes", "too_many_variables", "ring_exceeds_call"],
  check({ flow, entries }) {
    const found: FlowIssue[] = [];
    const ids = Object.keys(flow.nodes);
    if (ids.length > MAX_NODES) {
      found.push(issue("too_many_nodes", ["nodes"], `${ids.length} nodes; a flow has at most ${MAX_NODES}`));
    }
    const vars = new Set<string>();
    for (const [id, n] of entries) {
      if (n.type === "collect") vars.add(n.variable);
      if (n.type === "set") for (const k of Object.keys(n.assign)) vars.add(k);
      if (vars.size > MAX_VARIABLES) {
        found.push(
          issue(
            "too_many_variables",
            ["nodes", id],
            `the flow writes more than ${MAX_VARIABLES} distinct variables`,
          ),
        );
        break;
      }
    }
    for (const [id, n] of entries) {
      if (n.type !== "forward" || n.mode !== "bridge" || n.strategy !== "sequential") continue;
      const ring = n.targets.reduce((s, t) => s + (t.timeoutSec ?? n.ringTimeoutSec), 0);
      if (ring > flow.settings.limits.maxCallSec) {
        found.push(
          issue(
            "ring_exceeds_call",
            ["nodes", id, "targets"],
            `the hunt rings for ${ring} s, longer than the call limit of ${flow.settings.limits.maxCallSec} s`,
            "warning",
          ),
        );
      }
    }
    return found;
  },
};
