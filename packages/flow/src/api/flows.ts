import { z } from "zod";
import { ApiIssue } from "./errors.js";

// Flows, drafts, versions and diffs as the HTTP API sends and receives them.

/** A flow id: what `POST /v1/flows?id=` accepts and every `{id}` path segment. */
export const FlowId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

/** A flow document as stored: the client's JSON exactly (defaults not applied). */
export const FlowDocumentJson = z.record(z.string(), z.unknown());

export const ValidateResult = z
  .object({ valid: z.boolean(), issues: z.array(ApiIssue) })
  .meta({ id: "ValidateResult" });
export type ValidateResult = z.infer<typeof ValidateResult>;

export const SavedFlow = z
  .object({ id: z.string(), revision: z.number().int(), issues: z.array(ApiIssue) })
  .meta({ id: "SavedFlow" });
export type SavedFlow = z.infer<typeof SavedFlow>;

const flowMeta = {
  id: z.string(),
  name: z.string(),
  revision: z.number().int(),
  errors: z
    .number()
    .int()
    .meta({ description: "error-severity issues at the last save (publish refuses them)" }),
  warnings: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z
    .string()
    .optional()
    .meta({ description: "who saved the draft last: the API key's name or the person's subject" }),
  archivedAt: z
    .string()
    .optional()
    .meta({ description: "set when archived: the flow and its versions are kept, nothing changes any more" }),
};

export const FlowSummary = z.object(flowMeta).meta({ id: "FlowSummary" });
export type FlowSummary = z.infer<typeof FlowSummary>;

export const FlowList = z.object({ flows: z.array(FlowSummary) });
export type FlowList = z.infer<typeof FlowList>;

export const FlowDetail = z
  .object({ ...flowMeta, flow: FlowDocumentJson.meta({ description: "the draft as saved" }) })
  .meta({ id: "FlowDetail" });
export type FlowDetail = z.infer<typeof FlowDetail>;

export const PublishRequest = z
  .object({ message: z.string().max(500).default("") })
  .meta({ id: "PublishRequest" });
export type PublishRequest = z.input<typeof PublishRequest>;

export const Published = z.object({ version: z.number().int() }).meta({ id: "Published" });
export type Published = z.infer<typeof Published>;

const versionMeta = {
  flowId: z.string(),
  version: z.number().int(),
  name: z.string(),
  message: z.string(),
  fromRevision: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
};
export const VersionSummary = z.object(versionMeta).meta({ id: "VersionSummary" });
export type VersionSummary = z.infer<typeof VersionSummary>;

export const VersionList = z.object({ versions: z.array(VersionSummary) });
export type VersionList = z.infer<typeof VersionList>;

export const VersionDetail = z
  .object({ ...versionMeta, flow: FlowDocumentJson })
  .meta({ id: "VersionDetail" });
export type VersionDetail = z.infer<typeof VersionDetail>;

/** A version number or the draft, as `diff?from=&to=` take them. */
export const VersionRef = z.union([z.number().int(), z.literal("draft")]);

export const FlowDiff = z
  .object({
    from: VersionRef,
    to: VersionRef,
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
    document: z.array(z.string()),
  })
  .meta({ id: "FlowDiff" });
export type FlowDiff = z.infer<typeof FlowDiff>;
