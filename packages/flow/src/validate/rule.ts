import type { NodeOutput } from "../graph/outputs.js";
import type { Flow } from "../schema/flow.js";
import type { FlowIssue } from "./issue.js";

/** What every rule may read: the parsed flow and each node's outputs, computed once. */
export interface RuleContext {
  flow: Flow;
  outputs: Map<string, NodeOutput[]>;
}

/** One graph or semantic rule; its file holds the smallest flow that breaks it (in its test). */
export interface Rule {
  /** The issue codes the rule may produce. */
  codes: readonly string[];
  check(ctx: RuleContext): FlowIssue[];
}
