import { checkFlow, Flow, type FlowIssue, validateFlow } from "@ringflow/flow";

export interface Assessment {
  /** False when the document does not have a flow's shape (then it cannot be kept even as a draft). */
  shapeOk: boolean;
  flow?: Flow;
  issues: FlowIssue[];
  errors: number;
  warnings: number;
}

/**
 * What the API needs to know about a document: can it be kept as a draft (it has a flow's
 * shape; graph errors are allowed and flagged), and can it be published (no errors at all).
 */
export function assessFlow(doc: unknown): Assessment {
  const parsed = Flow.safeParse(doc);
  const issues = parsed.success ? checkFlow(parsed.data) : validateFlow(doc);
  const errors = issues.filter((i) => i.severity === "error").length;
  return {
    shapeOk: parsed.success,
    ...(parsed.success ? { flow: parsed.data } : {}),
    issues,
    errors,
    warnings: issues.length - errors,
  };
}
