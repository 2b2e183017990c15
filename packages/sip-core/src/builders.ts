// Building requests and responses.
import { randomBytes } from "node:crypto";
import { NameAddr } from "./headers.js";
import { HeaderField, SipRequest, SipResponse } from "./message.js";
import { canonicalName } from "./names.js";
import { Params } from "./params.js";
import { reasonPhrase } from "./reasons.js";
import { formatUri, type Uri } from "./uri.js";

/** RFC 3261 magic cookie that starts every branch we create. */
export const MAGIC_COOKIE = "z9hG4bK";

/** A fresh random token of `bytes` random bytes in hex (tags, Call-ID parts). */
export function randomToken(bytes = 8): string {
  return randomBytes(bytes).toString("hex");
}

/** A fresh RFC 3261 branch (`z9hG4bK` + random). */
export function newBranch(): string {
  return MAGIC_COOKIE + randomBytes(8).toString("hex");
}

export interface BodyOptions {
  /** Extra headers, in order: `[name, value]` pairs or a record. */
  headers?: Array<[string, string]> | Record<string, string>;
  body?: Buffer | string;
  /** Content-Type for `body` (written only when a body is given). */
  contentType?: string;
}

export interface ResponseOptions extends BodyOptions {
  /** Tag to add to To when the request's To has none (ignored for 100). */
  toTag?: string;
  /** Reason-Phrase (defaults to the standard one). */
  reason?: string;
}

/**
 * Build a response to `req` per RFC 3261 §8.2.6: Via (all, in order), From, To, Call-ID and
 * CSeq are copied byte for byte; To gets `toTag` if it had no tag (not on 100); Record-Route is
 * copied on 101-299 (dialog-creating responses, §12.1.1).
 */
export function createResponse(req: SipRequest, status: number, opts: ResponseOptions = {}): SipResponse {
  const res = new SipResponse(status, opts.reason ?? reasonPhrase(status));
  const out: HeaderField[] = [];
  const copyRR = status > 100 && status < 300;
  const hs = req.headers;
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i]!;
    // Headers a response copies from its request (§8.2.6.2); names are canonical literals
    const n = h.name;
    if (n === "to") {
      if (status !== 100 && opts.toTag && !hasTag(h.value)) {
        out.push(HeaderField.of("to", `${h.value};tag=${opts.toTag}`));
      } else out.push(h);
    } else if (
      n === "via" ||
      n === "from" ||
      n === "call-id" ||
      n === "cseq" ||
      (copyRR && n === "record-route")
    ) {
      out.push(h);
    }
  }
  res.headers = out;
  if (opts.headers !== undefined || opts.body !== undefined) applyBody(res, opts);
  return res;
}

/**
 * A tag param after the URI (outside <...>): `;` then optional spaces, `tag` in any case,
 * optional spaces, `=`. Cheap and right for any parseable To, conservative (no tag added)
 * when unsure.
 */
function hasTag(toValue: string): boolean {
  const n = toValue.length;
  for (let i = toValue.lastIndexOf(">") + 1; i < n; i++) {
    if (toValue.charCodeAt(i) !== 0x3b /* ; */) continue;
    let j = i + 1;
    while (j < n && isSpace(toValue.charCodeAt(j))) j++;
    if (
      (toValue.charCodeAt(j) | 0x20) !== 0x74 ||
      (toValue.charCodeAt(j + 1) | 0x20) !== 0x61 ||
      (toValue.charCodeAt(j + 2) | 0x20) !== 0x67
    )
      continue;
    j += 3;
    while (j < n && isSpace(toValue.charCodeAt(j))) j++;
    if (toValue.charCodeAt(j) === 0x3d /* = */) return true;
  }
  return false;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

export interface RequestOptions extends BodyOptions {
  method: string;
  /** Request-URI. */
  uri: Uri | string;
  from: NameAddr | string;
  to: NameAddr | string;
  /** Defaults to a random one. */
  callId?: string;
  cseq: number;
  /** Top (and only) Via: transport, sent-by and branch (a new branch when omitted). */
  via: { transport: string; host: string; port?: number; branch?: string; rport?: boolean };
  contact?: NameAddr | string;
  /** Route set, in order. */
  route?: Array<NameAddr | string>;
  maxForwards?: number;
}

/** Build an out-of-dialog (or, with dialog fields filled in, in-dialog) request. */
export function createRequest(o: RequestOptions): SipRequest {
  const req = new SipRequest(o.method, typeof o.uri === "string" ? o.uri : formatUri(o.uri));
  const v = o.via;
  const sentBy = v.port ? `${v.host}:${v.port}` : v.host;
  req.add(
    "Via",
    `SIP/2.0/${v.transport.toUpperCase()} ${sentBy};branch=${v.branch ?? newBranch()}${v.rport === false ? "" : ";rport"}`,
  );
  req.add("Max-Forwards", String(o.maxForwards ?? 70));
  for (const r of o.route ?? []) req.add("Route", String(r));
  req.add("From", String(o.from));
  req.add("To", String(o.to));
  req.add("Call-ID", o.callId ?? `${randomToken(12)}`);
  req.add("CSeq", `${o.cseq} ${o.method}`);
  if (o.contact) req.add("Contact", String(o.contact));
  applyBody(req, o);
  return req;
}

function applyBody(msg: SipRequest | SipResponse, o: BodyOptions): void {
  const hs = o.headers;
  if (hs) {
    const pairs = Array.isArray(hs) ? hs : Object.entries(hs);
    for (const [k, val] of pairs) msg.add(k, val);
  }
  if (o.body !== undefined) {
    msg.body = typeof o.body === "string" ? Buffer.from(o.body, "utf8") : o.body;
    if (o.contentType && !msg.has("content-type")) msg.add("Content-Type", o.contentType);
  }
}

/** `"Display" <uri>;tag=...` for From/To/Contact; the display name may be any Unicode text. */
export function nameAddr(
  uri: Uri | string,
  opts: { displayName?: string; tag?: string; params?: Record<string, string | null> } = {},
): NameAddr {
  const params = new Params(Object.entries(opts.params ?? {}));
  if (opts.tag) params.set("tag", opts.tag);
  return new NameAddr(opts.displayName ?? null, typeof uri === "string" ? uri : formatUri(uri), params);
}

/** Canonical header name for a spelling (re-exported for callers building header lists). */
export { canonicalName };
