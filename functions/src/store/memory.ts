import type { CallTrace } from "@ringflow/flow/protocol";
import {
  badRequest,
  FlowArchived,
  FlowExists,
  NumberInUse,
  NumberNotGranted,
  NumberTaken,
  notFound,
  RevisionConflict,
  TenantExists,
  VersionExists,
} from "../errors.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { callOrderKey } from "./keys.js";
import {
  type ApiKeyRecord,
  type BindInput,
  type CallPage,
  type CustomerFunction,
  type FlowDraft,
  type FlowSummary,
  type FlowVersion,
  type NumberBinding,
  type Store,
  summarizeTrace,
  type VersionSummary,
} from "./types.js";

const clone = <T>(v: T): T => structuredClone(v);
const omitDoc = <T extends { doc: unknown }>({ doc: _doc, ...rest }: T): Omit<T, "doc"> => rest;

interface StoredTrace {
  trace: CallTrace & { tenantId: string };
  expiresAt: number;
  order: string;
}

/**
 * The Store contract in memory, for unit tests of the API and the decision function. It keeps
 * the same invariants as the DynamoDB store (the shared contract suite checks both).
 */
export class MemoryStore implements Store {
  private flows = new Map<string, FlowDraft>();
  private versions = new Map<string, FlowVersion>();
  private numbers = new Map<string, NumberBinding>();
  private keys = new Map<string, ApiKeyRecord>();
  private traces = new Map<string, StoredTrace>();
  private tenants = new Set<string>();
  private functions = new Map<string, CustomerFunction>();

  constructor(private readonly now: () => number = Date.now) {}

  private iso = () => new Date(this.now()).toISOString();

  async createFlow(input: Parameters<Store["createFlow"]>[0]): Promise<FlowDraft> {
    const k = `${input.tenantId}/${input.flowId}`;
    if (this.flows.has(k)) throw new FlowExists(input.flowId);
    const at = this.iso();
    const draft: FlowDraft = {
      ...input,
      doc: clone(input.doc),
      name: String(input.doc.name ?? ""),
      revision: 1,
      createdAt: at,
      updatedAt: at,
    };
    this.flows.set(k, draft);
    return clone(draft);
  }

  async getFlow(tenantId: string, flowId: string) {
    const f = this.flows.get(`${tenantId}/${flowId}`);
    return f ? clone(f) : undefined;
  }

  async listFlows(tenantId: string): Promise<FlowSummary[]> {
    return [...this.flows.values()]
      .filter((f) => f.tenantId === tenantId)
      .sort((a, b) => a.flowId.localeCompare(b.flowId))
      .map((f) => omitDoc(clone(f)));
  }

  async saveDraft(input: Parameters<Store["saveDraft"]>[0]): Promise<FlowDraft> {
    const k = `${input.tenantId}/${input.flowId}`;
    const cur = this.flows.get(k);
    if (cur?.archivedAt) throw new FlowArchived(input.flowId);
    if (!cur || cur.revision !== input.expectedRevision) throw new RevisionConflict(cur?.revision ?? null);
    const { updatedBy: _was, ...rest } = cur;
    const next: FlowDraft = {
      ...rest,
      ...(input.updatedBy !== undefined ? { updatedBy: input.updatedBy } : {}),
      doc: clone(input.doc),
      name: String(input.doc.name ?? ""),
      revision: cur.revision + 1,
      errors: input.errors,
      warnings: input.warnings,
      updatedAt: this.iso(),
    };
    this.flows.set(k, next);
    return clone(next);
  }

  async deleteFlow(tenantId: string, flowId: string, expectedRevision?: number) {
    this.retirable(tenantId, flowId, expectedRevision);
    this.flows.delete(`${tenantId}/${flowId}`);
  }

  async archiveFlow(tenantId: string, flowId: string, expectedRevision?: number) {
    const cur = this.retirable(tenantId, flowId, expectedRevision);
    cur.archivedAt = this.iso();
  }

  private retirable(tenantId: string, flowId: string, expectedRevision?: number): FlowDraft {
    const cur = this.flows.get(`${tenantId}/${flowId}`);
    if (!cur) throw notFound(`flow ${flowId}`);
    if (cur.archivedAt) throw new FlowArchived(flowId);
    if (expectedRevision !== undefined && cur.revision !== expectedRevision)
      throw new RevisionConflict(cur.revision);
    const using = [...this.numbers.values()]
      .filter((b) => b.tenantId === tenantId && b.flowId === flowId)
      .map((b) => b.number);
    if (using.length > 0) throw new NumberInUse(using);
    return cur;
  }

  async putVersion(v: FlowVersion) {
    const k = `${v.tenantId}/${v.flowId}/${v.version}`;
    if (this.versions.has(k)) throw new VersionExists(v.version);
    this.versions.set(k, clone(v));
    return clone(v);
  }

  async publish(input: Parameters<Store["publish"]>[0]) {
    for (;;) {
      const latest = await this.latestVersion(input.tenantId, input.flowId);
      try {
        return await this.putVersion({
          ...input,
          version: (latest?.version ?? 0) + 1,
          publishedAt: this.iso(),
        });
      } catch (err) {
        if (!(err instanceof VersionExists)) throw err;
      }
    }
  }

  async getVersion(tenantId: string, flowId: string, version: number) {
    const v = this.versions.get(`${tenantId}/${flowId}/${version}`);
    return v ? clone(v) : undefined;
  }

  private versionsOf(tenantId: string, flowId: string) {
    return [...this.versions.values()]
      .filter((v) => v.tenantId === tenantId && v.flowId === flowId)
      .sort((a, b) => a.version - b.version);
  }

  async latestVersion(tenantId: string, flowId: string) {
    const all = this.versionsOf(tenantId, flowId);
    const last = all[all.length - 1];
    return last ? clone(last) : undefined;
  }

  async listVersions(tenantId: string, flowId: string): Promise<VersionSummary[]> {
    return this.versionsOf(tenantId, flowId).map((v) => omitDoc(clone(v)));
  }

  async grantNumber(number: string, tenantId: string) {
    const cur = this.numbers.get(number);
    if (cur && cur.tenantId !== tenantId) throw new NumberTaken(number);
    if (!cur) this.numbers.set(number, { number, tenantId, updatedAt: this.iso() });
  }

  async bindNumber(input: BindInput) {
    const flow = this.flows.get(`${input.tenantId}/${input.flowId}`);
    if (!flow) throw notFound(`flow ${input.flowId}`);
    if (flow.archivedAt) throw new FlowArchived(input.flowId);
    const cur = this.numbers.get(input.number);
    if (!cur || cur.tenantId !== input.tenantId) throw new NumberNotGranted(input.number);
    const b: NumberBinding = { ...input, updatedAt: this.iso() };
    this.numbers.set(input.number, b);
    return clone(b);
  }

  async getNumber(number: string) {
    const b = this.numbers.get(number);
    return b ? clone(b) : undefined;
  }

  async listNumbers(tenantId: string) {
    return [...this.numbers.values()]
      .filter((b) => b.tenantId === tenantId)
      .sort((a, b) => a.number.localeCompare(b.number))
      .map(clone);
  }

  async unbindNumber(tenantId: string, number: string) {
    const cur = this.numbers.get(number);
    if (!cur || cur.tenantId !== tenantId || !cur.flowId) throw notFound(`number ${number}`);
    this.numbers.set(number, { number, tenantId, updatedAt: this.iso() });
  }

  async putApiKey(record: ApiKeyRecord) {
    this.keys.set(record.hash, clone(record));
  }

  async getApiKey(hash: string) {
    const r = this.keys.get(hash);
    return r ? clone(r) : undefined;
  }

  async listApiKeys(tenantId: string) {
    return [...this.keys.values()]
      .filter((k) => k.tenantId === tenantId)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(({ hash: _h, ...k }) => clone(k));
  }

  async deleteApiKey(tenantId: string, id: string) {
    const hit = [...this.keys.values()].find((k) => k.tenantId === tenantId && k.id === id);
    if (!hit) throw notFound(`key ${id}`);
    this.keys.delete(hit.hash);
  }

  async createTenant(tenantId: string) {
    if (this.tenants.has(tenantId)) throw new TenantExists(tenantId);
    this.tenants.add(tenantId);
  }

  async putFunction(tenantId: string, name: string) {
    const fn: CustomerFunction = { tenantId, name, createdAt: this.iso() };
    this.functions.set(`${tenantId}/${name}`, fn);
    return clone(fn);
  }

  async listFunctions(tenantId: string) {
    return [...this.functions.values()]
      .filter((f) => f.tenantId === tenantId)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(clone);
  }

  async deleteFunction(tenantId: string, name: string) {
    if (!this.functions.delete(`${tenantId}/${name}`)) throw notFound(`function ${name}`);
  }

  async putTrace(trace: CallTrace & { tenantId: string }, expiresAt: number) {
    const cur = this.traces.get(trace.callId);
    if (cur && cur.trace.tenantId !== trace.tenantId) return; // another tenant's call id: never overwrite
    this.traces.set(trace.callId, {
      trace: clone(trace),
      expiresAt,
      order: callOrderKey(trace.startedAt, trace.callId),
    });
  }

  private live(t: StoredTrace | undefined): t is StoredTrace {
    return t !== undefined && t.expiresAt > this.now() / 1000;
  }

  async getTrace(tenantId: string, callId: string) {
    const t = this.traces.get(callId);
    return this.live(t) && t.trace.tenantId === tenantId ? clone(t.trace) : undefined;
  }

  async listCalls(tenantId: string, opts: { limit: number; cursor?: string }): Promise<CallPage> {
    let after: string | undefined;
    if (opts.cursor) {
      const c = decodeCursor(opts.cursor);
      if (c.t !== tenantId) throw badRequest("the cursor belongs to another listing");
      after = String(c.o ?? "");
    }
    const all = [...this.traces.values()]
      .filter((t) => this.live(t) && t.trace.tenantId === tenantId)
      .filter((t) => after === undefined || t.order < after)
      .sort((a, b) => (a.order < b.order ? 1 : -1));
    const page = all.slice(0, opts.limit);
    const last = page[page.length - 1];
    return {
      calls: page.map((t) => summarizeTrace(t.trace)),
      ...(all.length > opts.limit && last ? { cursor: encodeCursor({ t: tenantId, o: last.order }) } : {}),
    };
  }
}
