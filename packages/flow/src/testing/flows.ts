// Small flows for tests (used by this package's tests and by other packages' tests).

import { outputsOf } from "../graph/outputs.js";
import { Flow, type FlowInput } from "../schema/flow.js";
import type { FlowNode } from "../schema/nodes.js";
import type { Rule, ValidationPolicy } from "../validate/rule.js";
import { checkFlow } from "../validate/validate.js";

type NodeInput = FlowInput["nodes"][string];

/** A flow document: entry `start`, the given nodes, optional settings. */
export function doc(nodes: Record<string, NodeInput>, settings?: FlowInput["settings"]): FlowInput {
  return { version: 1, name: "t", entry: "start", nodes, ...(settings ? { settings } : {}) };
}

/** A parsed flow (defaults applied). */
export const flow = (nodes: Record<string, NodeInput>, settings?: FlowInput["settings"]): Flow =>
  Flow.parse(doc(nodes, settings));

/** Issues one rule finds in a flow. */
export function runRule(rule: Rule, f: Flow, policy?: ValidationPolicy) {
  const outputs = new Map<string, ReturnType<typeof outputsOf>>();
  for (const [id, n] of Object.entries(f.nodes)) outputs.set(id, outputsOf(n as FlowNode));
  return rule.check({ flow: f, entries: Object.entries(f.nodes), outputs, ...(policy ? { policy } : {}) });
}

/** Codes of every issue of a parsed flow. */
export const codes = (f: Flow): string[] => checkFlow(f).map((i) => i.code);

export const start = (next?: string): NodeInput => ({ type: "start", ...(next ? { next } : {}) });
export const hangup = (): NodeInput => ({ type: "hangup" });
export const say = (text: string, next?: string): NodeInput => ({
  type: "play",
  prompt: { text },
  ...(next ? { next } : {}),
});
