import type { Flow } from "../schema/flow.js";
import { has } from "./has.js";
import type { NodeOutput } from "./outputs.js";

/**
 * Successors of every node as the interpreter can take them: wired outputs, and for unwired required
 * outputs the flow's fallback node (where the interpreter sends them).
 */
export function successors(flow: Flow, outputs: Map<string, NodeOutput[]>): Map<string, string[]> {
  const fb = flow.settings.fallback?.type === "node" ? flow.settings.fallback.node : undefined;
  const edges = new Map<string, string[]>();
  for (const [id, outs] of outputs) {
    const next: string[] = [];
    for (const o of outs) {
      const t = o.target ?? (o.required ? fb : undefined);
      if (t !== undefined && has(flow.nodes, t) && !next.includes(t)) next.push(t);
    }
    edges.set(id, next);
  }
  return edges;
}

/** The context's successor map, computed on first use and shared by the rules that walk the graph. */
export function edgesOf(ctx: {
  flow: Flow;
  outputs: Map<string, NodeOutput[]>;
  edges?: Map<string, string[]>;
}) {
  ctx.edges ??= successors(ctx.flow, ctx.outputs);
  return ctx.edges;
}
