// What to do with a parsed message before any transaction or call logic sees it:
// header validation (400), then the UAS request checks of RFC 3261 §8.2 (501/405, 416,
// 483, 420, 415, 406). The transports use `screen`; `ringflow sip-check` uses `inspect`.
import { createHash } from "node:crypto";
import { createResponse, type ResponseOptions } from "./builders.js";
import { isToken } from "./chars.js";
import { type SipErrorCode, SipParseError } from "./errors.js";
import type { SipMessage, SipRequest, SipResponse } from "./message.js";
import { answerable, type ParseOptions, parseMessage } from "./parser.js";

const SINGLE = ["call-id", "cseq", "from", "to", "max-forwards", "content-type"] as const;

/**
 * Type every hot header and check the RFC 3261 §8.1.1 mandatory ones (Via, From, To,
 * Call-ID, CSeq; Max-Forwards may be absent for RFC 2543 peers), single-valued ones, the
 * Request-URI syntax and the CSeq method. Returns the first problem, or null. After a null,
 * the hot accessors of `msg` do not throw.
 */
export function validateMessage(msg: SipMessage): SipParseError | null {
  const err = findProblem(msg);
  if (err && (!msg.isRequest || !answerable(msg))) err.status = null;
  if (err && msg.isRequest) err.partial = msg;
  return err;
}

function findProblem(msg: SipMessage): SipParseError | null {
  try {
    if (msg.via.length === 0) return new SipParseError("header_missing", "no Via", "via");
    const dup = duplicateSingle(msg);
    if (dup !== null) return new SipParseError("header_duplicate", `more than one ${dup}`, dup);
    void msg.from.uri;
    void msg.to.uri;
    void msg.callId;
    const cseq = msg.cseq;
    void msg.maxForwards;
    void msg.contentLength;
    void msg.contentType;
    for (const c of msg.contact) if (!c.star) void c.uri;
    for (const r of msg.route) void r.uri;
    for (const r of msg.recordRoute) void r.uri;
    if (msg.isRequest) {
      const u = msg.requestUri;
      if (u.kind === "sip" && u.headers.length > 0) {
        return new SipParseError("request_uri", "headers in the Request-URI", null);
      }
      if (cseq.method !== msg.method)
        return new SipParseError("cseq_mismatch", "CSeq method differs from the Request-Line", "cseq");
    }
    return null;
  } catch (e) {
    if (e instanceof SipParseError) return e;
    // a SyntaxFault from a lazily parsed URI
    return new SipParseError("header_value", e instanceof Error ? e.message : String(e));
  }
}

/** The first of SINGLE that appears twice, in one pass over the header lines (null: none). */
function duplicateSingle(msg: SipMessage): string | null {
  let seen = 0;
  let dup = -1;
  const hs = msg.headers;
  for (let i = 0; i < hs.length; i++) {
    const k = SINGLE_INDEX.get(hs[i]!.name);
    if (k === undefined) continue;
    const bit = 1 << k;
    if (seen & bit && (dup < 0 || k < dup)) dup = k;
    seen |= bit;
  }
  return dup < 0 ? null : SINGLE[dup]!;
}
const SINGLE_INDEX = new Map<string, number>(SINGLE.map((n, i) => [n, i]));

/** What a UAS accepts; the edge's defaults fit a B2BUA that routes calls. */
export interface RequestPolicy {
  /** Methods handled (others known get 405, unknown ones 501). */
  allow: string[];
  /** Option tags supported (a Require naming another gets 420). */
  supported: string[];
  /** Request-URI schemes served (others get 416). */
  schemes: string[];
  /** Methods that are forwarded or bridged onward (Max-Forwards 0 gets 483). */
  forwarded: string[];
  /** Body types understood in requests that carry a session (others get 415). */
  bodyTypes: string[];
}

/** Methods of RFC 3261 and the common extensions: known, so 405 rather than 501. */
export const KNOWN_METHODS = [
  "INVITE",
  "ACK",
  "BYE",
  "CANCEL",
  "OPTIONS",
  "REGISTER",
  "PRACK",
  "SUBSCRIBE",
  "NOTIFY",
  "PUBLISH",
  "INFO",
  "REFER",
  "MESSAGE",
  "UPDATE",
];

export const DEFAULT_POLICY: RequestPolicy = {
  allow: ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", "UPDATE", "REFER", "NOTIFY", "MESSAGE"],
  supported: [],
  schemes: ["sip", "sips", "tel"],
  forwarded: ["INVITE"],
  bodyTypes: ["application/sdp", "multipart/mixed"],
};

/** Why a request gets a stateless answer (beyond parse errors). */
export type CheckCode =
  | SipErrorCode
  | "method_unknown"
  | "method_not_allowed"
  | "too_many_hops"
  | "bad_extension"
  | "media_type"
  | "not_acceptable";

export type Verdict =
  | { action: "accept"; message: SipMessage }
  | {
      action: "respond";
      status: number;
      reason: string;
      code: CheckCode;
      headers: Array<[string, string]>;
      request: SipRequest;
    }
  | { action: "drop"; code: CheckCode; error: SipParseError | null };

/**
 * Decide what a receiver does with a parsed message (or a parse error): accept it, answer it
 * statelessly, or drop it silently (bad responses, unparseable Via, ACKs that fail checks).
 */
export function screen(
  parsed: SipMessage | SipParseError,
  policy: RequestPolicy | null = DEFAULT_POLICY,
): Verdict {
  if (parsed instanceof SipParseError) return fromError(parsed);
  if (!parsed.isRequest) {
    const err = validateMessage(parsed);
    return err ? { action: "drop", code: err.code, error: err } : { action: "accept", message: parsed };
  }
  const req = parsed;
  if (policy === null) {
    const err = validateMessage(req);
    return err ? fromError(err) : { action: "accept", message: req };
  }
  // §8.2.1 method inspection comes first (RFC 4475 mismatch02 prefers 501 over 400)
  if (!KNOWN_METHODS.includes(req.method) && !policy.allow.includes(req.method)) {
    return respond(req, 501, "method_unknown", "Not Implemented", [["Allow", policy.allow.join(", ")]]);
  }
  const err = validateMessage(req);
  if (err) return fromError(err);
  if (!policy.allow.includes(req.method)) {
    return respond(req, 405, "method_not_allowed", "Method Not Allowed", [
      ["Allow", policy.allow.join(", ")],
    ]);
  }
  if (!policy.schemes.includes(req.requestUri.scheme))
    return respond(req, 416, "uri_scheme", "Unsupported URI Scheme");
  if (req.maxForwards === 0 && policy.forwarded.includes(req.method))
    return respond(req, 483, "too_many_hops", "Too Many Hops");
  // most requests carry no Require: no list made for them
  if (req.method !== "CANCEL" && req.has("require")) {
    const unsupported = req
      .getList("require")
      .filter((t) => !policy.supported.some((s) => s.toLowerCase() === t.toLowerCase()));
    if (unsupported.length > 0) {
      return respond(req, 420, "bad_extension", "Bad Extension", [["Unsupported", unsupported.join(", ")]]);
    }
  }
  if (req.method === "INVITE") {
    const ct = req.contentType;
    if (req.body.length > 0 && ct && !policy.bodyTypes.includes(ct.type)) {
      return respond(req, 415, "media_type", "Unsupported Media Type", [
        ["Accept", policy.bodyTypes.join(", ")],
      ]);
    }
    if (req.has("accept") && !acceptsSdp(req.getList("accept"))) {
      return respond(req, 406, "not_acceptable", "Not Acceptable", [["Accept", "application/sdp"]]);
    }
  }
  return { action: "accept", message: req };
}

/** A stateless answer to a request, or a drop when none can be sent (an ACK, no usable Via). */
function respond(
  req: SipRequest,
  status: number,
  code: CheckCode,
  reason: string,
  headers: Array<[string, string]> = [],
): Verdict {
  return req.method === "ACK" || !answerable(req)
    ? { action: "drop", code, error: null }
    : { action: "respond", status, reason, code, headers, request: req };
}

function acceptsSdp(types: string[]): boolean {
  return types.some((t) => {
    const mt = t.split(";")[0]!.trim().toLowerCase();
    return mt === "application/sdp" || mt === "application/*" || mt === "*/*";
  });
}

function fromError(err: SipParseError): Verdict {
  if (err.status === null || !err.partial || err.partial.method === "ACK")
    return { action: "drop", code: err.code, error: err };
  return {
    action: "respond",
    status: err.status,
    reason: err.reason,
    code: err.code,
    headers: [],
    request: err.partial,
  };
}

/**
 * A stateless answer (RFC 3261 §8.2.6) with a deterministic To tag derived from the request,
 * so a retransmitted request gets an identical response.
 */
export function statelessResponse(
  req: SipRequest,
  status: number,
  reason: string,
  opts: ResponseOptions = {},
): SipResponse {
  return createResponse(req, status, { ...opts, reason, toTag: opts.toTag ?? statelessTag(req) });
}

/** Tag derived from Call-ID, From tag and top Via branch: same request, same tag. */
export function statelessTag(req: SipRequest): string {
  const h = createHash("sha1");
  h.update(req.get("call-id") ?? "");
  h.update("\0");
  h.update(req.get("from") ?? "");
  h.update("\0");
  h.update(req.get("via") ?? "");
  return `sl${h.digest("hex").slice(0, 14)}`;
}

/** The response a `respond` verdict calls for. */
export function verdictResponse(v: Extract<Verdict, { action: "respond" }>): SipResponse {
  return statelessResponse(v.request, v.status, v.reason, { headers: v.headers });
}

/** What `ringflow sip-check` prints. */
export interface Inspection {
  parsed: boolean;
  action: "accept" | "respond" | "drop";
  status: number | null;
  reason: string | null;
  error: CheckCode | null;
}

/** Parse and screen raw bytes as a receiver on `transport` would. */
export function inspect(
  bytes: Buffer,
  opts: { transport?: "udp" | "tcp"; policy?: RequestPolicy | null } = {},
): Inspection {
  const parseOpts: ParseOptions = { framing: opts.transport === "tcp" ? "stream" : "datagram" };
  const parsed = parseMessage(bytes, parseOpts);
  const v = screen(parsed, opts.policy === undefined ? DEFAULT_POLICY : opts.policy);
  const parseOk = !(parsed instanceof SipParseError) && !(v.action !== "accept" && isParseCode(v.code));
  if (v.action === "accept")
    return { parsed: true, action: "accept", status: null, reason: null, error: null };
  if (v.action === "drop")
    return { parsed: parseOk, action: "drop", status: null, reason: null, error: v.code };
  return { parsed: parseOk, action: "respond", status: v.status, reason: v.reason, error: v.code };
}

const PARSE_CODES = new Set<string>([
  "empty",
  "start_line",
  "version",
  "request_uri",
  "no_header_end",
  "header_syntax",
  "header_value",
  "header_missing",
  "header_duplicate",
  "content_length",
  "body_truncated",
  "cseq_mismatch",
  "too_large",
]);

function isParseCode(c: CheckCode): boolean {
  return PARSE_CODES.has(c);
}

/** True when `s` is a valid method token. */
export function isMethod(s: string): boolean {
  return isToken(s);
}
