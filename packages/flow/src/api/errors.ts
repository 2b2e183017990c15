import { z } from "zod";

// How the API refuses: one body for every 4xx/5xx, and the validation issue it may carry.

export const ApiIssue = z
  .object({
    code: z.string(),
    /** Where in the document, e.g. ["nodes", "menu", "options", "3"]: the designer pins it to a node. */
    path: z.array(z.union([z.string(), z.number()])).meta({ example: ["nodes", "menu", "options", "3"] }),
    message: z.string(),
    severity: z.enum(["error", "warning"]),
  })
  .meta({ id: "Issue" });
export type ApiIssue = z.infer<typeof ApiIssue>;

export const ApiErrorBody = z
  .looseObject({
    error: z.string().meta({ example: "revision_conflict" }),
    message: z.string(),
    issues: z.array(z.unknown()).optional(),
    currentRevision: z.number().int().nullable().optional(),
  })
  .meta({ id: "Error" });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
