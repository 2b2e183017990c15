// A small typed client of the Ringflow HTTP API. Every response is parsed with the API's own
// contract (`@ringflow/flow/api`); errors come back as ApiError with the API's `error` code
// (`revision_conflict`, `invalid_flow`, ...), never as strings to grep.
import type { FlowInput } from "@ringflow/flow";
import {
  ApiErrorBody,
  ApiHealth,
  ApiIssue,
  CallPage,
  type CallSummary,
  CallTrace,
  type ContractSchema,
  FlowDetail,
  FlowDiff,
  FlowList,
  type FlowSummary,
  type ListenRequest,
  type LiveCall,
  LiveCallList,
  MailboxList,
  MessageList,
  NoContent,
  NumberBinding,
  NumberList,
  type Parsed,
  PromptItem,
  PromptList,
  Published,
  readResponse,
  SavedFlow,
  ValidateResult,
  VersionDetail,
  VersionList,
  type VersionSummary,
  type VoicemailMessage,
} from "@ringflow/flow/api";

export type {
  ApiIssue,
  CallSummary,
  FlowDiff,
  FlowSummary,
  LiveCall,
  NumberBinding,
  PromptItem,
  SavedFlow,
  VersionSummary,
  VoicemailMessage,
};

/** A draft as the designer holds it: the API's FlowDetail with `id`/`flow` named flowId/doc. */
export type FlowDraft = Omit<FlowDetail, "id" | "flow"> & { flowId: string; doc: FlowInput };
/** A published version with its document as `doc`. */
export type FlowVersion = Omit<VersionDetail, "flow"> & { doc: FlowInput };

/** Where the API is and which key to send (./config.ts resolves it from the page and storage). */
export interface ApiClientConfig {
  baseUrl: string;
  apiKey: string;
}

const IssueList = ApiIssue.array();

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
    const r = IssueList.safeParse(this.body.issues);
    return r.success ? r.data : [];
  }
  /** For 409 revision_conflict: the revision the server holds now. */
  get currentRevision(): number | undefined {
    const r = this.body.currentRevision;
    return typeof r === "number" ? r : undefined;
  }
}

type Fetch = typeof fetch;
const enc = encodeURIComponent;

export class ApiClient {
  constructor(
    readonly config: ApiClientConfig,
    private readonly fetchImpl: Fetch = (...a) => fetch(...a),
  ) {}

  get configured(): boolean {
    return this.config.baseUrl !== "" || this.config.apiKey !== "";
  }

  private async call<S extends ContractSchema>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ body: Parsed<S>; etag: string | null }> {
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
      const e = ApiErrorBody.safeParse(parsed);
      if (e.success) throw new ApiError(e.data.error, e.data.message, res.status, e.data);
      throw new ApiError(
        `http_${res.status}`,
        res.statusText || `the API answered ${res.status}`,
        res.status,
      );
    }
    const read = readResponse(schema, parsed);
    if (!read.ok) throw new ApiError("bad_response", `${method} ${path}: ${read.message}`, res.status);
    return { body: read.value, etag: res.headers.get("etag") };
  }

  async health(): Promise<ApiHealth> {
    return (await this.call(ApiHealth, "GET", "/v1/health")).body;
  }

  async validate(doc: FlowInput): Promise<ApiIssue[]> {
    return (await this.call(ValidateResult, "POST", "/v1/validate", doc)).body.issues;
  }

  async listFlows(): Promise<FlowSummary[]> {
    return (await this.call(FlowList, "GET", "/v1/flows")).body.flows;
  }

  /** Creates the flow's first draft (revision 1); the API picks the id unless one is given. */
  async createFlow(doc: FlowInput, flowId?: string): Promise<SavedFlow> {
    const q = flowId ? `?id=${enc(flowId)}` : "";
    return (await this.call(SavedFlow, "POST", `/v1/flows${q}`, doc)).body;
  }

  async getFlow(flowId: string): Promise<FlowDraft> {
    const { body, etag } = await this.call(FlowDetail, "GET", `/v1/flows/${enc(flowId)}`);
    const { id, flow, ...rest } = body;
    return withRevision({ ...rest, flowId: id, doc: flow as FlowInput }, etag);
  }

  /** Saves over `revision`; a stale one throws ApiError code `revision_conflict` (409). */
  async saveFlow(flowId: string, doc: FlowInput, revision: number): Promise<SavedFlow> {
    const { body, etag } = await this.call(SavedFlow, "PUT", `/v1/flows/${enc(flowId)}`, doc, {
      "if-match": `"${revision}"`,
    });
    return withRevision(body, etag);
  }

  async deleteFlow(flowId: string, revision?: number): Promise<void> {
    await this.call(
      NoContent,
      "DELETE",
      `/v1/flows/${enc(flowId)}`,
      undefined,
      revision !== undefined ? { "if-match": `"${revision}"` } : {},
    );
  }

  /** Publishes the draft; the answer is the new version's number. */
  async publish(flowId: string, message: string): Promise<Published> {
    return (await this.call(Published, "POST", `/v1/flows/${enc(flowId)}/versions`, { message })).body;
  }

  async listVersions(flowId: string): Promise<VersionSummary[]> {
    return (await this.call(VersionList, "GET", `/v1/flows/${enc(flowId)}/versions`)).body.versions;
  }

  async getVersion(flowId: string, version: number): Promise<FlowVersion> {
    const { flow, ...rest } = (
      await this.call(VersionDetail, "GET", `/v1/flows/${enc(flowId)}/versions/${version}`)
    ).body;
    return { ...rest, doc: flow as FlowInput };
  }

  /** The semantic diff between two versions (`to` may be "draft"); layout moves are ignored. */
  async diffVersions(flowId: string, from: number, to: number | "draft"): Promise<FlowDiff> {
    return (await this.call(FlowDiff, "GET", `/v1/flows/${enc(flowId)}/diff?from=${from}&to=${to}`)).body;
  }

  async bindNumber(number: string, flowId: string, version: number | "latest"): Promise<NumberBinding> {
    return (await this.call(NumberBinding, "PUT", `/v1/numbers/${enc(number)}`, { flowId, version })).body;
  }

  async listNumbers(): Promise<NumberBinding[]> {
    return (await this.call(NumberList, "GET", "/v1/numbers")).body.numbers;
  }

  async listCalls(limit = 50): Promise<CallSummary[]> {
    return (await this.call(CallPage, "GET", `/v1/calls?limit=${limit}`)).body.calls;
  }

  /** The calls in progress, and the server's clock (for how long each has lasted). */
  async listLiveCalls(): Promise<LiveCallList> {
    return (await this.call(LiveCallList, "GET", "/v1/calls/live")).body;
  }

  async listPrompts(): Promise<PromptItem[]> {
    return (await this.call(PromptList, "GET", "/v1/prompts")).body.prompts;
  }

  /** Uploads a WAV; the API stores it as 8 kHz mono (what the caller hears). */
  async uploadPrompt(name: string, wav: Blob): Promise<PromptItem> {
    const res = await this.send("POST", `/v1/prompts?name=${enc(name)}`, wav, {
      "content-type": "audio/wav",
    });
    const read = readResponse(PromptItem, JSON.parse(await res.text()));
    if (!read.ok) throw new ApiError("bad_response", `POST /v1/prompts: ${read.message}`, res.status);
    return read.value;
  }

  async deletePrompt(key: string): Promise<void> {
    await this.call(NoContent, "DELETE", `/v1/prompts?key=${enc(key)}`);
  }

  /** A prompt's audio as the caller hears it. */
  async promptAudio(key: string): Promise<Blob> {
    return (await this.send("GET", `/v1/prompts/audio?key=${enc(key)}`)).blob();
  }

  /** A text prompt rendered by the server's speech engine (the flow's language and voice). */
  async listen(prompt: ListenRequest): Promise<Blob> {
    return (
      await this.send("POST", "/v1/prompts/listen", JSON.stringify(prompt), {
        "content-type": "application/json",
      })
    ).blob();
  }

  /** A call whose answer is not JSON (audio) or whose body is not (an upload); refusals as ApiError. */
  private async send(
    method: string,
    path: string,
    body?: RequestInit["body"],
    headers: Record<string, string> = {},
  ) {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.config.baseUrl}${path}`, {
        method,
        headers: {
          ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body } : {}),
      });
    } catch (e) {
      throw new ApiError("network", `cannot reach the API: ${(e as Error).message}`, 0);
    }
    if (!res.ok) {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(await res.text());
      } catch {
        // not JSON
      }
      const e = ApiErrorBody.safeParse(parsed);
      if (e.success) throw new ApiError(e.data.error, e.data.message, res.status, e.data);
      throw new ApiError(
        `http_${res.status}`,
        res.statusText || `the API answered ${res.status}`,
        res.status,
      );
    }
    return res;
  }

  async listMailboxes(): Promise<MailboxList["mailboxes"]> {
    return (await this.call(MailboxList, "GET", "/v1/mailboxes")).body.mailboxes;
  }

  async listMessages(mailbox: string): Promise<VoicemailMessage[]> {
    return (await this.call(MessageList, "GET", `/v1/mailboxes/${enc(mailbox)}/messages`)).body.messages;
  }

  async messageAudio(mailbox: string, id: string): Promise<Blob> {
    return (await this.send("GET", `/v1/mailboxes/${enc(mailbox)}/messages/${enc(id)}/audio`)).blob();
  }

  async markMessage(mailbox: string, id: string, heard: boolean): Promise<void> {
    await this.call(NoContent, "PATCH", `/v1/mailboxes/${enc(mailbox)}/messages/${enc(id)}`, { heard });
  }

  async deleteMessage(mailbox: string, id: string): Promise<void> {
    await this.call(NoContent, "DELETE", `/v1/mailboxes/${enc(mailbox)}/messages/${enc(id)}`);
  }

  async getCall(callId: string): Promise<CallTrace> {
    return (await this.call(CallTrace, "GET", `/v1/calls/${enc(callId)}`)).body;
  }

  /**
   * A call's pcap from the API: its SIP messages, and with `rtp` merged with the RTP its flow
   * captured (settings.captureRtp; 404 `not_found` when the call has none or it expired). The
   * bytes must be a pcap: anything else is a `bad_response`, as a JSON answer off the contract is.
   */
  async callPcap(callId: string, opts: { rtp?: boolean } = {}): Promise<Blob> {
    const path = `/v1/calls/${enc(callId)}/pcap${opts.rtp ? "?media=rtp" : ""}`;
    const res = await this.send("GET", path);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (!isPcap(bytes))
      throw new ApiError("bad_response", `GET ${path}: the answer is not a pcap`, res.status);
    return new Blob([bytes], { type: "application/vnd.tcpdump.pcap" });
  }
}

/** A classic libpcap file: its magic number in either byte order, micro- or nanosecond. */
function isPcap(b: Uint8Array): boolean {
  if (b.length < 24) return false;
  const magic = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
  return [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic);
}

/** The ETag is the revision (quoted or weak); trust it over the body when both are present. */
function withRevision<T extends { revision: number }>(draft: T, etag: string | null): T {
  const n = etag ? Number(etag.replace(/^W\//, "").replace(/"/g, "")) : Number.NaN;
  return Number.isFinite(n) ? { ...draft, revision: n } : draft;
}
