import { checkFlow, Flow, type FlowIssue, type ValidationPolicy, validateFlow } from "@ringflow/flow";

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
export function assessFlow(doc: unknown, policy?: ValidationPolicy): Assessment {
  const parsed = Flow.safeParse(doc);
  const issues = parsed.success ? checkFlow(parsed.data, policy) : validateFlow(doc, policy);
  if (parsed.success && parsed.data.settings.testCallers.length > 0)
    issues.push({
      code: "test_callers_ignored",
      path: ["settings", "testCallers"],
      message:
        'test callers no longer reach the draft (a From header is the caller\'s to write): a publisher binds a test number with version "draft"',
      severity: "warning",
    });
  const errors = issues.filter((i) => i.severity === "error").length;
  return {
    shapeOk: parsed.success,
    ...(parsed.success ? { flow: parsed.data } : {}),
    issues,
    errors,
    warnings: issues.length - errors,
  };
}
