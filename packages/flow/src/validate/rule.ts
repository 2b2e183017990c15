import type { NodeOutput } from "../graph/outputs.js";
import type { Flow } from "../schema/flow.js";
import type { FlowNode } from "../schema/nodes.js";
import type { FlowIssue } from "./issue.js";

/** What every rule may read: the parsed flow and each node's outputs, computed once. */
export interface RuleContext {
  flow: Flow;
  /** `Object.entries(flow.nodes)`, once. */
  entries: [string, FlowNode][];
  outputs: Map<string, NodeOutput[]>;
  /** Successors as the interpreter can take them (see graph/edges.ts), computed once on first use. */
  edges?: Map<string, string[]>;
}

/** One graph or semantic rule; its file holds the smallest flow that breaks it (in its test). */
export interface Rule {
  /** The issue codes the rule may produce. */
  codes: readonly string[];
  check(ctx: RuleContext): FlowIssue[];
}
