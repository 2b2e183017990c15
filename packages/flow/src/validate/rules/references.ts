import { has } from "../../graph/has.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/** Every reference resolves: `entry`, each wired output, the fallback node; layout keys (warning). */
export const references: Rule = {
  codes: ["unknown_node", "unknown_layout_node"],
  check({ flow, outputs }) {
    const found: FlowIssue[] = [];
    if (!has(flow.nodes, flow.entry)) {
      found.push(issue("unknown_node", ["entry"], `entry "${flow.entry}" is not a node of this flow`));
    }
    for (const [id, outs] of outputs) {
      for (const o of outs) {
        if (o.target !== undefined && !has(flow.nodes, o.target)) {
          found.push(
            issue(
              "unknown_node",
              ["nodes", id, ...o.path],
              `output "${o.name}" leads to unknown node "${o.target}"`,
            ),
          );
        }
      }
    }
    const fb = flow.settings.fallback;
    if (fb?.type === "node" && !has(flow.nodes, fb.node)) {
      found.push(
        issue("unknown_node", ["settings", "fallback", "node"], `fallback node "${fb.node}" does not exist`),
      );
    }
    for (const id of Object.keys(flow.layout)) {
      if (!has(flow.nodes, id)) {
        found.push(
          issue("unknown_layout_node", ["layout", id], `layout entry for unknown node "${id}"`, "warning"),
        );
      }
    }
    return found;
  },
};
