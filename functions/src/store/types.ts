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
  /** Who saved the draft last (the key's name or the person's subject); absent on older items. */
  updatedBy?: string;
  /** Set when the flow was archived (it had published versions, which are kept): no more saves, publishes or binds. */
  archivedAt?: string;
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

/**
 * A number granted to a tenant (by an operator), and the flow it runs once a publisher binds it.
 * A granted number without a flow answers 404 to callers.
 */
export interface NumberBinding {
  number: string;
  tenantId: string;
  flowId?: string;
  /**
   * A pinned version, "latest" (the highest published one at call time), or "draft": a test
   * number, which a publisher binds to let callers reach the draft (live numbers never do).
   */
  version?: number | "latest" | "draft";
  updatedAt: string;
}

/** A bind: which flow (and version) a granted number runs. */
export type BindInput = {
  number: string;
  tenantId: string;
  flowId: string;
  version: number | "latest" | "draft";
};

/** A customer decision function a tenant registered: the only names its flows may invoke. */
export interface CustomerFunction {
  tenantId: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  /** Public handle for listing and revoking (`k_` + 12 hex); never derived from the secret. */
  id: string;
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
    updatedBy?: string;
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
    updatedBy?: string;
  }): Promise<FlowDraft>;
  /**
   * Deletes a draft that was never published and that no number holds (NumberInUse otherwise);
   * RevisionConflict when `expectedRevision` is given and stale. Versions are never deleted.
   */
  deleteFlow(tenantId: string, flowId: string, expectedRevision?: number): Promise<void>;
  /** Archives a flow (kept with its versions; no saves, publishes or binds after), on the same conditions as delete. */
  archiveFlow(tenantId: string, flowId: string, expectedRevision?: number): Promise<void>;

  /** Writes version `version` once; VersionExists if it is there already. */
  putVersion(v: FlowVersion): Promise<FlowVersion>;
  /** Publishes as latest+1 (retrying when a concurrent publisher took that number). */
  publish(input: Omit<FlowVersion, "version" | "publishedAt">): Promise<FlowVersion>;
  getVersion(tenantId: string, flowId: string, version: number): Promise<FlowVersion | undefined>;
  latestVersion(tenantId: string, flowId: string): Promise<FlowVersion | undefined>;
  listVersions(tenantId: string, flowId: string): Promise<VersionSummary[]>;

  /** Operator: grants a free number to a tenant (idempotent for its holder); NumberTaken if another holds it. */
  grantNumber(number: string, tenantId: string): Promise<void>;
  /**
   * Points a number the tenant was granted at one of its flows. The flow item records the number
   * first (conditional on the flow existing and not archived), so a concurrent delete cannot
   * leave a number on a deleted flow; NumberNotGranted when the tenant does not hold the number
   * (whether another tenant holds it is not told).
   */
  bindNumber(input: BindInput): Promise<NumberBinding>;
  /** Any tenant's binding: for the decision function, which learns the tenant from the number. */
  getNumber(number: string): Promise<NumberBinding | undefined>;
  listNumbers(tenantId: string): Promise<NumberBinding[]>;
  /** Takes the number off its flow (the grant stays); not_found if the tenant has no such bound number. */
  unbindNumber(tenantId: string, number: string): Promise<void>;

  putApiKey(record: ApiKeyRecord): Promise<void>;
  getApiKey(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(tenantId: string): Promise<Omit<ApiKeyRecord, "hash">[]>;
  /** Revokes the tenant's key `id`; not_found when the tenant has no such key. */
  deleteApiKey(tenantId: string, id: string): Promise<void>;

  /** Operator: records a tenant once; TenantExists if it is there. */
  createTenant(tenantId: string): Promise<void>;

  /** Registers (idempotently) a customer function for the tenant. */
  putFunction(tenantId: string, name: string): Promise<CustomerFunction>;
  listFunctions(tenantId: string): Promise<CustomerFunction[]>;
  /** not_found when the tenant has no such function. */
  deleteFunction(tenantId: string, name: string): Promise<void>;

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
