import type { CallTrace } from "@ringflow/flow/protocol";

/** A flow document as the client wrote it (defaults not applied); validated by the API, not here. */
export type FlowDocument = Record<string, unknown>;

export type Role = "viewer" | "editor" | "publisher";

export interface FlowDraft {
  tenantId: string;
  flowId: string;
  name: string;
  doc: FlowDocument;
  /** Starts at 1 and grows by one per save; a save names the revision it read. */
  revision: number;
  /** Counts of validation issues at save time (a draft may hold errors; publish refuses them). */
  errors: number;
  warnings: number;
  createdAt: string;
  updatedAt: string;
}

export type FlowSummary = Omit<FlowDraft, "doc">;

export interface FlowVersion {
  tenantId: string;
  flowId: string;
  version: number;
  name: string;
  doc: FlowDocument;
  message: string;
  /** The draft revision it was published from. */
  fromRevision: number;
  publishedAt: string;
  publishedBy: string;
}

export type VersionSummary = Omit<FlowVersion, "doc">;

export interface NumberBinding {
  number: string;
  tenantId: string;
  flowId: string;
  /** A pinned version, or "latest" (the highest published one at call time). */
  version: number | "latest";
  updatedAt: string;
}

export interface ApiKeyRecord {
  hash: string;
  tenantId: string;
  role: Role;
  name: string;
  createdAt: string;
}

export interface CallSummary {
  callId: string;
  tenantId: string;
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

export interface CallPage {
  calls: CallSummary[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

/** The persistence the API and the functions share. Every invariant is a single-item conditional write. */
export interface Store {
  /** Creates a draft at revision 1; VersionExists-like conflict if the id is taken. */
  createFlow(input: {
    tenantId: string;
    flowId: string;
    doc: FlowDocument;
    errors: number;
    warnings: number;
  }): Promise<FlowDraft>;
  getFlow(tenantId: string, flowId: string): Promise<FlowDraft | undefined>;
  listFlows(tenantId: string): Promise<FlowSummary[]>;
  /** Saves when the stored revision equals `expectedRevision`, else throws RevisionConflict(current). */
  saveDraft(input: {
    tenantId: string;
    flowId: string;
    doc: FlowDocument;
    expectedRevision: number;
    errors: number;
    warnings: number;
  }): Promise<FlowDraft>;
  /** Deletes the draft and its versions; RevisionConflict when `expectedRevision` is given and stale. */
  deleteFlow(tenantId: string, flowId: string, expectedRevision?: number): Promise<void>;

  /** Writes version `version` once; VersionExists if it is there already. */
  putVersion(v: FlowVersion): Promise<FlowVersion>;
  /** Publishes as latest+1 (retrying when a concurrent publisher took that number). */
  publish(input: Omit<FlowVersion, "version" | "publishedAt">): Promise<FlowVersion>;
  getVersion(tenantId: string, flowId: string, version: number): Promise<FlowVersion | undefined>;
  latestVersion(tenantId: string, flowId: string): Promise<FlowVersion | undefined>;
  listVersions(tenantId: string, flowId: string): Promise<VersionSummary[]>;

  /** Claims the number for the tenant, or moves it within the tenant; NumberTaken if another owns it. */
  bindNumber(input: Omit<NumberBinding, "updatedAt">): Promise<NumberBinding>;
  /** Any tenant's binding: for the decision function, which learns the tenant from the number. */
  getNumber(number: string): Promise<NumberBinding | undefined>;
  listNumbers(tenantId: string): Promise<NumberBinding[]>;
  /** Releases the tenant's number; not_found if the tenant does not own it. */
  unbindNumber(tenantId: string, number: string): Promise<void>;

  putApiKey(record: ApiKeyRecord): Promise<void>;
  getApiKey(hash: string): Promise<ApiKeyRecord | undefined>;

  /** Stores a finished call's trace under its tenant, expiring at `expiresAt` (epoch seconds). */
  putTrace(trace: CallTrace & { tenantId: string }, expiresAt: number): Promise<void>;
  getTrace(tenantId: string, callId: string): Promise<CallTrace | undefined>;
  listCalls(tenantId: string, opts: { limit: number; cursor?: string }): Promise<CallPage>;
}

export const summarizeTrace = (t: CallTrace & { tenantId: string }): CallSummary => ({
  callId: t.callId,
  tenantId: t.tenantId,
  ...(t.flowId !== undefined ? { flowId: t.flowId } : {}),
  ...(t.version !== undefined ? { version: t.version } : {}),
  from: t.from,
  to: t.to,
  ...(t.number !== undefined ? { number: t.number } : {}),
  startedAt: t.startedAt,
  endedAt: t.endedAt,
  outcome: t.outcome,
  finalStatus: t.finalStatus,
});
