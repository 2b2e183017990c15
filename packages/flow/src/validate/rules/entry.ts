import { has } from "../../graph/has.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/** The entry is the flow's one start node (a warning: the interpreter runs any entry node). */
export const entry: Rule = {
  codes: ["entry_not_start", "extra_start"],
  check({ flow, entries }) {
    const found: FlowIssue[] = [];
    const node = has(flow.nodes, flow.entry) ? flow.nodes[flow.entry] : undefined;
    if (node && node.type !== "start") {
      found.push(
        issue(
          "entry_not_start",
          ["entry"],
          `entry "${flow.entry}" is a ${node.type} node, not a start node`,
          "warning",
        ),
      );
    }
    for (const [id, n] of entries) {
      if (n.type === "start" && id !== flow.entry) {
        found.push(
          issue("extra_start", ["nodes", id], `start node "${id}" is not the flow's entry`, "warning"),
        );
      }
    }
    return found;
  },
};
