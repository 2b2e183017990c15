import { HTTPException } from "hono/http-exception";
import type { Logger } from "pino";
import { RingflowError } from "../errors.js";

export interface ErrorBody {
  error: string;
  message: string;
  issues?: unknown[];
  [detail: string]: unknown;
}

/**
 * The one place a failure becomes a response: typed errors keep their code and details, hono's
 * HTTP exceptions (malformed JSON) become bad_request, and anything else is logged and answered
 * as `internal` without its message or stack.
 */
export function toErrorResponse(err: unknown, log?: Logger): { status: number; body: ErrorBody } {
  if (err instanceof RingflowError) {
    return { status: err.status, body: { error: err.code, message: err.message, ...err.details } };
  }
  if (err instanceof HTTPException && err.status < 500) {
    return {
      status: err.status,
      body: {
        error: err.status === 401 ? "unauthorized" : "bad_request",
        message: err.message || "bad request",
      },
    };
  }
  log?.error({ err }, "unhandled error in API");
  return { status: 500, body: { error: "internal", message: "internal error" } };
}
