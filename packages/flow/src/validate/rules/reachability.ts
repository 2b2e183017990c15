import { edgesOf } from "../../graph/edges.js";
import { has } from "../../graph/has.js";
import { issue } from "../issue.js";
import type { Rule } from "../rule.js";

/** Every node is reachable from `entry` (the fallback node counts as reachable from anywhere). */
export const reachability: Rule = {
  codes: ["unreachable"],
  check(ctx) {
    const { flow } = ctx;
    const edges = edgesOf(ctx);
    const seen = new Set<string>();
    const todo: string[] = [];
    const visit = (id: string) => {
      if (has(flow.nodes, id) && !seen.has(id)) {
        seen.add(id);
        todo.push(id);
      }
    };
    visit(flow.entry);
    if (flow.settings.fallback?.type === "node") visit(flow.settings.fallback.node);
    for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
      for (const t of edges.get(id) ?? []) visit(t);
    }
    return Object.keys(flow.nodes)
      .filter((id) => !seen.has(id))
      .map((id) =>
        issue("unreachable", ["nodes", id], `node "${id}" cannot be reached from the entry "${flow.entry}"`),
      );
  },
};
