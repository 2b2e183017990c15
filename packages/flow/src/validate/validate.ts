import type { z } from "zod";
import { outputsOf } from "../graph/outputs.js";
import { Flow } from "../schema/flow.js";
import type { FlowIssue } from "./issue.js";
import type { RuleContext, ValidationPolicy } from "./rule.js";
import { RULES } from "./rules/index.js";

export type ParseFlowResult =
  | { ok: true; flow: Flow; issues: FlowIssue[] }
  | { ok: false; issues: FlowIssue[] };

function shapeIssues(error: z.ZodError): FlowIssue[] {
  return error.issues.map((i) => ({
    code: i.code || "invalid_shape",
    path: i.path.map((p) => (typeof p === "number" ? p : String(p))),
    message: i.message,
    severity: "error" as const,
  }));
}

/** Run the graph rules on a flow that already has its shape. */
export function checkFlow(flow: Flow, policy?: ValidationPolicy): FlowIssue[] {
  const ctx: RuleContext = {
    flow,
    entries: Object.entries(flow.nodes),
    outputs: new Map(),
    ...(policy ? { policy } : {}),
  };
  for (const [id, node] of ctx.entries) ctx.outputs.set(id, outputsOf(node));
  return RULES.flatMap((r) => r.check(ctx));
}

/**
 * Parse a document into a Flow (defaults applied) and run every rule. `ok` is false when the shape
 * is wrong or an issue of severity error exists; warnings alone keep `ok`.
 */
export function parseFlow(doc: unknown, policy?: ValidationPolicy): ParseFlowResult {
  const parsed = Flow.safeParse(doc);
  if (!parsed.success) return { ok: false, issues: shapeIssues(parsed.error) };
  const issues = checkFlow(parsed.data, policy);
  return issues.some((i) => i.severity === "error")
    ? { ok: false, issues }
    : { ok: true, flow: parsed.data, issues };
}

/** Every issue of a document: shape issues from zod (graph rules need a shape), else the graph rules'. Never throws. */
export function validateFlow(doc: unknown, policy?: ValidationPolicy): FlowIssue[] {
  return parseFlow(doc, policy).issues;
}
