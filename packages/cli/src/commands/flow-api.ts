// The HTTP API client shared by the flow, publish, number, call and calls verbs: plain fetch, the
// API's `{error, message}` refusals turned into CliErrors with exit code 3.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type ContractSchema, type Parsed, readResponse } from "@ringflow/flow/api";
import { flag, type ParsedArgs } from "../args.js";
import { CliError } from "../output.js";

export const API_EXIT = 3;

export const connectionHelp = `--api URL (or RINGFLOW_API; default http://127.0.0.1:8787)
--key KEY (or RINGFLOW_KEY; default: the local stack's .data/demo-api-key when present)`;

export interface ApiClient {
  /** One call; a 2xx body is parsed with `schema` (the `@ringflow/flow/api` contract) or refused. */
  request<S extends ContractSchema>(
    method: string,
    path: string,
    schema: S,
    opts?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse<Parsed<S>>>;
  /** A GET whose 2xx body is bytes (a pcap, audio); refusals as `request`'s. */
  download(path: string): Promise<Uint8Array>;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** An API failure the user can act on: the API's own code and message, exit 3. */
export class ApiRefused extends CliError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code, message, API_EXIT);
  }
}

export function apiClient(p: ParsedArgs, env: NodeJS.ProcessEnv = process.env): ApiClient {
  const base = (flag(p, "api") ?? env.RINGFLOW_API ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
  let key = flag(p, "key") ?? env.RINGFLOW_KEY;
  const demoKey = join(process.cwd(), ".data", "demo-api-key");
  if (!key && existsSync(demoKey)) key = readFileSync(demoKey, "utf8").trim();
  const send = async (
    method: string,
    path: string,
    opts: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> => {
    try {
      return await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(key ? { Authorization: `Bearer ${key}` } : {}),
          ...(opts.body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...opts.headers,
        },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
    } catch (err) {
      const c = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
      const cause = c?.code ?? c?.errors?.[0]?.code ?? (err as Error).message;
      throw new CliError("api_unreachable", `cannot reach ${base} (${cause})`, API_EXIT);
    }
  };
  return {
    async request(method, path, schema, opts = {}) {
      const res = await send(method, path, opts);
      const body = parseBody(await res.text());
      if (res.status >= 400) throw refusal(res.status, body);
      const read = readResponse(schema, body);
      if (!read.ok) throw new CliError("bad_response", `${method} ${path}: ${read.message}`, API_EXIT);
      return { status: res.status, headers: res.headers, body: read.value };
    },
    async download(path) {
      const res = await send("GET", path);
      if (res.status >= 400) throw refusal(res.status, parseBody(await res.text()));
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

function parseBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

function refusal(status: number, body: unknown): ApiRefused {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const { error, message, ...details } = b;
  return new ApiRefused(
    status,
    typeof error === "string" ? error : `http_${status}`,
    typeof message === "string" ? message : `the API answered ${status}`,
    details,
  );
}

/** Run a verb: an API refusal prints `{error, message, status, ...details}` and exits 3. */
export async function withApi(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiRefused) {
      process.stdout.write(
        `${JSON.stringify({ error: err.code, message: err.message, status: err.status, ...err.details })}\n`,
      );
      return API_EXIT;
    }
    throw err;
  }
}

export const enc = encodeURIComponent;
