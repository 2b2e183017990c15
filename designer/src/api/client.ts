// A small typed client of the Ringflow HTTP API. Errors come back as ApiError with the API's
// `error` code (`revision_conflict`, `invalid_flow`, ...), never as strings to grep.
import type { CallTrace, FlowInput } from "@ringflow/flow";
import type { ApiConfig } from "./config.js";
import type {
  ApiDiff,
  ApiIssue,
  CallSummary,
  FlowDraft,
  FlowSummary,
  FlowVersion,
  NumberBinding,
  SavedFlow,
  VersionSummary,
} from "./types.js";

/** How the API spells a stored document: `id` and `flow` where the designer says flowId and doc. */
interface WireDraft extends Omit<FlowDraft, "flowId" | "doc"> {
  id: string;
  flow: FlowInput;
}
interface WireVersion extends Omit<FlowVersion, "doc"> {
  flow: FlowInput;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
  get issues(): ApiIssue[] {
    return Array.isArray(this.body.issues) ? (this.body.issues as ApiIssue[]) : [];
  }
  /** For 409 revision_conflict: the revision the server holds now. */
  get currentRevision(): number | undefined {
    const r = this.body.currentRevision ?? this.body.revision;
    return typeof r === "number" ? r : undefined;
  }
}

type Fetch = typeof fetch;

/** Lists come back either bare or wrapped (`{flows: [...]}`); accept both. */
function list<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const inner = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(inner) ? (inner as T[]) : [];
}

export class ApiClient {
  constructor(
    readonly config: ApiConfig,
    private readonly fetchImpl: Fetch = (...a) => fetch(...a),
  ) {}

  get configured(): boolean {
    return this.config.baseUrl !== "" || this.config.apiKey !== "";
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ body: T; etag: string | null }> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.config.baseUrl}${path}`, {
        method,
        headers: {
          accept: "application/json",
          ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw new ApiError("network", `cannot reach the API: ${(e as Error).message}`, 0);
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { message: text };
    }
    if (!res.ok) {
      const b = (parsed ?? {}) as Record<string, unknown>;
      throw new ApiError(
        typeof b.error === "string" ? b.error : `http_${res.status}`,
        typeof b.message === "string" ? b.message : res.statusText,
        res.status,
        b,
      );
    }
    return { body: parsed as T, etag: res.headers.get("etag") };
  }

  async health(): Promise<unknown> {
    return (await this.call("GET", "/v1/health")).body;
  }

  async validate(doc: FlowInput): Promise<ApiIssue[]> {
    return list<ApiIssue>((await this.call("POST", "/v1/validate", doc)).body, "issues");
  }

  async listFlows(): Promise<FlowSummary[]> {
    return list<FlowSummary>((await this.call("GET", "/v1/flows")).body, "flows");
  }

  /** Creates the flow's first draft (revision 1); the API picks the id unless one is given. */
  async createFlow(doc: FlowInput, flowId?: string): Promise<SavedFlow> {
    const q = flowId ? `?id=${encodeURIComponent(flowId)}` : "";
    return (await this.call<SavedFlow>("POST", `/v1/flows${q}`, doc)).body;
  }

  async getFlow(flowId: string): Promise<FlowDraft> {
    const { body, etag } = await this.call<WireDraft>("GET", `/v1/flows/${encodeURIComponent(flowId)}`);
    const { id, flow, ...rest } = body;
    return withRevision({ ...rest, flowId: id, doc: flow }, etag);
  }

  /** Saves over `revision`; a stale one throws ApiError code `revision_conflict` (409). */
  async saveFlow(flowId: string, doc: FlowInput, revision: number): Promise<SavedFlow> {
    const { body, etag } = await this.call<SavedFlow>("PUT", `/v1/flows/${encodeURIComponent(flowId)}`, doc, {
      "if-match": `"${revision}"`,
    });
    return withRevision(body, etag);
  }

  async deleteFlow(flowId: string, revision?: number): Promise<void> {
    await this.call(
      "DELETE",
      `/v1/flows/${encodeURIComponent(flowId)}`,
      undefined,
      revision !== undefined ? { "if-match": `"${revision}"` } : {},
    );
  }

  async publish(flowId: string, message: string): Promise<FlowVersion> {
    return (
      await this.call<FlowVersion>("POST", `/v1/flows/${encodeURIComponent(flowId)}/versions`, { message })
    ).body;
  }

  async listVersions(flowId: string): Promise<VersionSummary[]> {
    return list<VersionSummary>(
      (await this.call("GET", `/v1/flows/${encodeURIComponent(flowId)}/versions`)).body,
      "versions",
    );
  }

  async getVersion(flowId: string, version: number): Promise<FlowVersion> {
    const { flow, ...rest } = (
      await this.call<WireVersion>("GET", `/v1/flows/${encodeURIComponent(flowId)}/versions/${version}`)
    ).body;
    return { ...rest, doc: flow };
  }

  /** The semantic diff between two versions (`to` may be "draft"); layout moves are ignored. */
  async diffVersions(flowId: string, from: number, to: number | "draft"): Promise<ApiDiff> {
    const path = `/v1/flows/${encodeURIComponent(flowId)}/diff?from=${from}&to=${to}`;
    return (await this.call<ApiDiff>("GET", path)).body;
  }

  async bindNumber(number: string, flowId: string, version: number | "latest"): Promise<NumberBinding> {
    return (
      await this.call<NumberBinding>("PUT", `/v1/numbers/${encodeURIComponent(number)}`, { flowId, version })
    ).body;
  }

  async getNumber(number: string): Promise<NumberBinding> {
    return (await this.call<NumberBinding>("GET", `/v1/numbers/${encodeURIComponent(number)}`)).body;
  }

  async listCalls(limit = 50): Promise<CallSummary[]> {
    return list<CallSummary>((await this.call("GET", `/v1/calls?limit=${limit}`)).body, "calls");
  }

  async getCall(callId: string): Promise<CallTrace> {
    return (await this.call<CallTrace>("GET", `/v1/calls/${encodeURIComponent(callId)}`)).body;
  }
}

/** The ETag is the revision (quoted or weak); trust it over the body when both are present. */
function withRevision<T extends { revision: number }>(draft: T, etag: string | null): T {
  const n = etag ? Number(etag.replace(/^W\//, "").replace(/"/g, "")) : Number.NaN;
  return Number.isFinite(n) ? { ...draft, revision: n } : draft;
}
