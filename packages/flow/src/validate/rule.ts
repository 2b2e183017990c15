import type { NodeOutput } from "../graph/outputs.js";
import type { Flow } from "../schema/flow.js";
import type { FlowNode } from "../schema/nodes.js";
import type { FlowIssue } from "./issue.js";

/**
 * What a deployment and a tenant add to validation (absent: the checks that need it are skipped,
 * as in offline validation). The API passes it on every save and publish.
 */
export interface ValidationPolicy {
  /** The edge's own hosts (`host` for any port, or `host:port`): a target there re-enters the edge. */
  edgeHosts?: readonly string[];
  /** The tenant's own numbers: an E.164 target dialled through the edge to one of them is a loop. */
  ownNumbers?: readonly string[];
  /** The customer functions the tenant registered; a decision node may name only these. */
  functions?: readonly string[];
  /** Targets at loopback, private or link-local addresses are allowed (local mode only). */
  allowPrivateTargets?: boolean;
}

/** What every rule may read: the parsed flow and each node's outputs, computed once. */
export interface RuleContext {
  flow: Flow;
  policy?: ValidationPolicy;
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
