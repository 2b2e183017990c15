// Shapes the HTTP API answers with (functions/src/store/types.ts), as the designer reads them.
import type { CallTrace, FlowInput } from "@ringflow/flow";

export interface ApiIssue {
  path: string | (string | number)[];
  message: string;
  severity: "error" | "warning";
  code?: string;
}

/** A draft as the designer holds it (the API calls the id `id` and the document `flow`). */
export interface FlowDraft {
  flowId: string;
  name: string;
  doc: FlowInput;
  revision: number;
  errors: number;
  warnings: number;
  createdAt: string;
  updatedAt: string;
}

export type FlowSummary = Omit<FlowDraft, "doc" | "flowId"> & { id: string };

export interface FlowVersion {
  flowId: string;
  version: number;
  name: string;
  doc: FlowInput;
  message: string;
  fromRevision: number;
  publishedAt: string;
  publishedBy: string;
}

export type VersionSummary = Omit<FlowVersion, "doc">;

export interface NumberBinding {
  number: string;
  flowId: string;
  version: number | "latest";
  updatedAt: string;
}

export interface CallSummary {
  callId: string;
  flowId?: string;
  version?: number | "draft";
  from: string;
  to: string;
  number?: string;
  startedAt: number;
  endedAt: number;
  outcome: CallTrace["outcome"];
  finalStatus: number;
}

/** The API's answer to a create or a save. */
export interface SavedFlow {
  id: string;
  revision: number;
  issues: ApiIssue[];
}

/** GET /v1/flows/{id}/diff: nodes added, removed and changed (fields), and document-level fields. */
export interface ApiDiff {
  from: number | "draft";
  to: number | "draft";
  added: string[];
  removed: string[];
  changed: { id: string; fields: string[] }[];
  document: string[];
}
