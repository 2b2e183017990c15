import { z } from "@hono/zod-openapi";
import { CallTrace, Flow } from "@ringflow/flow";

// Request and response bodies of the HTTP API. The OpenAPI document is generated from these.

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: "revision_conflict" }),
    message: z.string(),
    issues: z.array(z.unknown()).optional(),
    currentRevision: z.number().int().nullable().optional(),
  })
  .openapi("Error");

export const IssueSchema = z
  .object({
    code: z.string(),
    path: z.array(z.union([z.string(), z.number()])).openapi({ example: ["nodes", "menu", "options", "3"] }),
    message: z.string(),
    severity: z.enum(["error", "warning"]),
  })
  .openapi("Issue");

export const FlowSchema = Flow.openapi("Flow");
export const CallTraceSchema = CallTrace.openapi("CallTrace");

export const FlowIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
    .openapi({ param: { name: "id", in: "path" }, example: "reception" }),
});

export const ValidateResult = z
  .object({ valid: z.boolean(), issues: z.array(IssueSchema) })
  .openapi("ValidateResult");

export const SavedFlow = z
  .object({ id: z.string(), revision: z.number().int(), issues: z.array(IssueSchema) })
  .openapi("SavedFlow");

const flowMeta = {
  id: z.string(),
  name: z.string(),
  revision: z.number().int(),
  errors: z
    .number()
    .int()
    .openapi({ description: "error-severity issues at the last save (publish refuses them)" }),
  warnings: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const FlowSummarySchema = z.object(flowMeta).openapi("FlowSummary");
export const FlowDetail = z
  .object({
    ...flowMeta,
    flow: z.record(z.string(), z.unknown()).openapi({ description: "the draft as saved" }),
  })
  .openapi("FlowDetail");

export const PublishBody = z.object({ message: z.string().max(500).default("") }).openapi("PublishRequest");

const versionMeta = {
  flowId: z.string(),
  version: z.number().int(),
  name: z.string(),
  message: z.string(),
  fromRevision: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
};
export const VersionSummarySchema = z.object(versionMeta).openapi("VersionSummary");
export const VersionDetail = z
  .object({ ...versionMeta, flow: z.record(z.string(), z.unknown()) })
  .openapi("VersionDetail");

export const DiffSchema = z
  .object({
    from: z.union([z.number().int(), z.literal("draft")]),
    to: z.union([z.number().int(), z.literal("draft")]),
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
    document: z.array(z.string()),
  })
  .openapi("FlowDiff");

export const E164 = z
  .string()
  .regex(/^\+[1-9]\d{1,14}$/, "an E.164 number such as +15550100")
  .openapi({ param: { name: "e164", in: "path" }, example: "+15550100" });

export const BindBody = z
  .object({
    flowId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    version: z.union([z.number().int().min(1), z.literal("latest")]).default("latest"),
  })
  .openapi("BindNumberRequest");

export const NumberSchema = z
  .object({
    number: z.string(),
    flowId: z.string(),
    version: z.union([z.number().int(), z.literal("latest")]),
    updatedAt: z.string(),
  })
  .openapi("NumberBinding");

export const CallSummarySchema = z
  .object({
    callId: z.string(),
    flowId: z.string().optional(),
    version: z.union([z.number().int(), z.literal("draft")]).optional(),
    from: z.string(),
    to: z.string(),
    number: z.string().optional(),
    startedAt: z.number(),
    endedAt: z.number(),
    outcome: z.string(),
    finalStatus: z.number().int(),
  })
  .openapi("CallSummary");

export const CallPageSchema = z
  .object({ calls: z.array(CallSummarySchema), cursor: z.string().optional() })
  .openapi("CallPage");
