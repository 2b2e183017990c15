// Shapes the HTTP API answers with (functions/src/store/types.ts), as the designer reads them.
import type { CallTrace, FlowInput } from "@ringflow/flow";

export interface ApiIssue {
  path: string | (string | number)[];
  message: string;
  severity: "error" | "warning";
  code?: string;
}

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

export type FlowSummary = Omit<FlowDraft, "doc">;

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

/** One entry of a semantic version diff; the API's own shape is shown as given when it differs. */
export interface DiffEntry {
  kind?: string;
  path?: string | (string | number)[];
  node?: string;
  message?: string;
  [k: string]: unknown;
}
