/** A validation finding with a path into the document (`["nodes","n7","options","3"]`), in zod's dialect. */
export interface FlowIssue {
  code: string;
  path: (string | number)[];
  message: string;
  severity: "error" | "warning";
}

export const issue = (
  code: string,
  path: (string | number)[],
  message: string,
  severity: FlowIssue["severity"] = "error",
): FlowIssue => ({ code, path, message, severity });
