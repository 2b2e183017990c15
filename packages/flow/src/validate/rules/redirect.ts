import { edgesOf } from "../../graph/edges.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

const ANSWERS = new Set(["play", "menu", "collect", "voicemail"]);

/**
 * A redirect (302) can only answer a call that was not answered yet. One reachable after a node that
 * answers (play, menu, collect, voicemail) is run as a bridge instead: a warning, so the author can
 * choose bridge mode and wire its outputs.
 */
export const redirect: Rule = {
  codes: ["redirect_after_answer"],
  check(ctx) {
    const { flow } = ctx;
    const edges = edgesOf(ctx);
    const seen = new Set<string>();
    const todo = Object.keys(flow.nodes).filter((id) => ANSWERS.has(flow.nodes[id]!.type));
    for (const id of todo) seen.add(id);
    for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
      for (const t of edges.get(id) ?? []) {
        if (!seen.has(t)) {
          seen.add(t);
          todo.push(t);
        }
      }
    }
    const found: FlowIssue[] = [];
    for (const [id, n] of ctx.entries) {
      if (n.type === "forward" && n.mode === "redirect" && seen.has(id)) {
        found.push(
          issue(
            "redirect_after_answer",
            ["nodes", id, "mode"],
            `"${id}" can be reached after the call was answered, where a 302 is impossible; it will bridge instead`,
            "warning",
          ),
        );
      }
    }
    return found;
  },
};
