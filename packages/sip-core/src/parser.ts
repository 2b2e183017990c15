// Buffer -> SipMessage. Splits the start line and the header lines (latin1, byte-exact),
// frames the body by Content-Length, and leaves header typing to the lazy accessors
// (`validateMessage` forces the hot ones).
import { isToken, latin1ToUtf8, parseUintB, TOKEN } from "./chars.js";
import { SipParseError } from "./errors.js";
import { knownMethod } from "./headers.js";
import { HeaderField, type SipMessage, SipRequest, SipResponse, Source } from "./message.js";
import { canonicalName, lookupNameOctets } from "./names.js";

export interface ParseOptions {
  /**
   * `datagram` (UDP, default): Content-Length truncates trailing octets, a larger one is an
   * error, an absent one means the rest of the datagram. `stream` (TCP): Content-Length is
   * required and the buffer must hold exactly one message.
   */
  framing?: "datagram" | "stream";
}

const VERSION = /^SIP\/(\d+)\.(\d+)$/i;

/**
 * Parse one SIP message from `buf`. Never throws: bad input comes back as a
 * `SipParseError` whose `status` says how to answer it (null: drop silently).
 *
 * The message is decoded once (latin1, at the same offsets as `buf`): line ends are found in
 * the string (a builtin search, which also finds the blank line that ends the headers), names
 * and values are scanned in the octets.
 */
export function parseMessage(buf: Buffer, opts?: ParseOptions): SipMessage | SipParseError {
  const stream = opts?.framing === "stream";
  const b = buf;
  const n = buf.length;
  let start = 0;
  // RFC 3261 §7.5: ignore CRLFs before the start line
  while (start + 1 < n && b[start] === 13 && b[start + 1] === 10) start += 2;
  if (start >= n || isBlank(buf, start)) return dropped("empty", "empty message", start);
  const text = latin1(buf);
  let lineEnd = text.indexOf("\r", start);
  while (lineEnd >= 0 && b[lineEnd + 1] !== 10) lineEnd = text.indexOf("\r", lineEnd + 1);
  if (lineEnd < 0) return dropped("no_header_end", "no empty line after the headers", n);

  // header lines up to the blank line, with folding (a line starting with SP/HT continues
  // the previous one)
  const tok = TOKEN;
  const src = new Source(buf, text);
  const headers: HeaderField[] = [];
  let headEnd = -1;
  let bodyStart = n;
  let syntax: SipParseError | null = null;
  let lengthStart = -1;
  let lengthEnd = -1;
  let lengthCount = 0;
  /** Where a CR or LF outside a CRLF was seen in a header line (-1: none). */
  let bareAt = -1;
  let pos = lineEnd + 2;
  if (b[pos] === 13 && b[pos + 1] === 10) {
    headEnd = lineEnd;
    bodyStart = pos + 2;
  } else {
    lines: while (pos < n) {
      // the line ends at a CRLF not followed by SP/HT
      // (a one-character search is a memchr; a two-character one goes through a slower path)
      let eol = text.indexOf("\r", pos);
      for (;;) {
        if (eol < 0) break lines;
        if (b[eol + 1] !== 10) {
          bareAt = eol; // a CR alone inside a header line (§7.3.1: CR and LF only in CRLF)
          eol = text.indexOf("\r", eol + 1);
        } else {
          const c = b[eol + 2];
          if (c !== 32 && c !== 9) break;
          eol = text.indexOf("\r", eol + 2);
        }
      }
      // A LF alone inside the line: the only LFs before `eol` belong to folds (CRLF SP).
      for (let lf = text.indexOf("\n", pos); lf >= 0 && lf < eol; lf = text.indexOf("\n", lf + 1))
        if (b[lf - 1] !== 13) bareAt = lf;
      if (bareAt >= 0 && syntax === null)
        syntax = new SipParseError("header_syntax", "CR or LF alone in a header value", null, bareAt);
      // name: token octets, optional SP/HT, colon
      let p = pos;
      while (p < eol && tok[b[p]!] === 1) p++;
      const ne = p;
      while (p < eol && (b[p] === 32 || b[p] === 9)) p++;
      if (ne === pos || p >= eol || b[p] !== 58) {
        const colon = text.indexOf(":", pos);
        syntax =
          colon < 0 || colon >= eol
            ? new SipParseError("header_syntax", "header line without a colon", null, pos)
            : new SipParseError("header_syntax", "bad header name", null, pos);
        break;
      }
      // value, trimmed of SP/HT/CR/LF
      let vs = p + 1;
      while (vs < eol && isSpace(b[vs]!)) vs++;
      let ve = eol;
      while (ve > vs && isSpace(b[ve - 1]!)) ve--;
      const name = lookupNameOctets(b, pos, ne - pos) ?? canonicalName(text.slice(pos, ne));
      headers.push(HeaderField.received(name, src, pos, eol, vs, ve));
      if (name === "content-length") {
        lengthCount++;
        lengthStart = vs;
        lengthEnd = ve;
      }
      pos = eol + 2;
      if (b[pos] === 13 && b[pos + 1] === 10) {
        headEnd = eol;
        bodyStart = pos + 2;
        break;
      }
    }
  }
  if (headEnd < 0) {
    // after a bad line, the headers end where the blank line is
    if (syntax !== null) headEnd = text.indexOf("\r\n\r\n", pos);
    // a datagram that ends after its last header line (no blank line, no body)
    if (headEnd < 0) {
      if (!stream && n >= 2 && b[n - 2] === 13 && b[n - 1] === 10) bodyStart = n;
      else return dropped("no_header_end", "no empty line after the headers", n);
    }
  }

  const first = text.slice(start, lineEnd);
  let msg: SipMessage;
  let startError: SipParseError | null = null;
  if (b[start] === 83 || b[start] === 115 ? first.startsWith("SIP/") || first.startsWith("sip/") : false) {
    const r = parseStatusLine(b, first, start);
    if (r instanceof SipParseError) {
      r.status = null;
      return r;
    }
    msg = r;
  } else {
    const r = parseRequestLine(b, first, start, src);
    if (r instanceof SipParseError) {
      startError = r;
      msg = new SipRequest("", "");
    } else msg = r;
  }
  msg.headers = headers;
  if (syntax !== null || startError !== null) return fail(msg, startError, syntax);

  // body framing
  const available = n - bodyStart;
  let length: number;
  if (lengthCount > 1) {
    return fail(
      msg,
      null,
      new SipParseError("content_length", "more than one Content-Length", "content-length"),
    );
  }
  if (lengthStart < 0) {
    if (stream) {
      return fail(
        msg,
        null,
        new SipParseError("content_length", "Content-Length is required over TCP", "content-length"),
      );
    }
    length = Math.max(0, available);
  } else {
    length = parseUintB(b, lengthStart, lengthEnd);
    if (length < 0) {
      return fail(
        msg,
        null,
        new SipParseError("content_length", "Content-Length is not a number", "content-length"),
      );
    }
    if (length > available) {
      const e = new SipParseError(
        "body_truncated",
        "Content-Length larger than the message",
        "content-length",
        n,
      );
      // over a stream the rest may still come: nothing to answer (yet)
      if (stream) e.status = null;
      return fail(msg, null, e);
    }
  }
  if (length > 0) msg.body = buf.subarray(bodyStart, bodyStart + length);
  return msg;
}

function parseRequestLine(
  b: Uint8Array,
  line: string,
  offset: number,
  src: Source,
): SipRequest | SipParseError {
  const sp1 = line.indexOf(" ");
  // the last SP, found from the end (String.prototype.lastIndexOf is a C++ call)
  let sp2 = line.length - 1;
  while (sp2 >= 0 && b[offset + sp2] !== 32) sp2--;
  if (sp1 <= 0 || sp2 === sp1) return new SipParseError("start_line", "malformed Request-Line", null, offset);
  const method = knownMethod(b, offset, offset + sp1) ?? line.slice(0, sp1);
  const uri = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (!isToken(method)) return new SipParseError("start_line", "bad method", null, offset);
  if (version.length === 0)
    return new SipParseError("start_line", "trailing whitespace in Request-Line", null, offset + sp2);
  const us = offset + sp1 + 1;
  if (uri.length === 0 || b[us] === 32) {
    return new SipParseError("start_line", "more than one SP in Request-Line", null, offset + sp1);
  }
  for (let i = us; i < offset + sp2; i++) {
    const c = b[i]!;
    if (c <= 32 || c === 127) return new SipParseError("request_uri", "whitespace in Request-URI", null, i);
  }
  if (b[us] === 60) return new SipParseError("request_uri", "Request-URI inside < >", null, us);
  if (version === "SIP/2.0") {
    const req = new SipRequest(method, uri, "SIP/2.0");
    req.receivedUri(src, us);
    return req;
  }
  const vm = VERSION.exec(version);
  if (!vm) return new SipParseError("start_line", "bad SIP version", null, offset + sp2 + 1);
  const req = new SipRequest(method, uri, version);
  req.receivedUri(src, us);
  if (vm[1] !== "2" || vm[2] !== "0")
    return withPartial(new SipParseError("version", `unsupported version ${version}`), req);
  return req;
}

function parseStatusLine(b: Uint8Array, line: string, offset: number): SipResponse | SipParseError {
  const sp1 = line.indexOf(" ");
  const version = sp1 < 0 ? line : line.slice(0, sp1);
  if (version !== "SIP/2.0") {
    const vm = VERSION.exec(version);
    if (vm?.[1] !== "2" || vm[2] !== "0")
      return new SipParseError("version", "bad SIP version in Status-Line", null, offset);
  }
  let i = sp1 + 1;
  const cs = i;
  let status = 0;
  for (; i < line.length; i++) {
    const d = b[offset + i]! - 48;
    if (d < 0 || d > 9) break;
    status = status * 10 + d;
  }
  if (i - cs !== 3) status = -1;
  if (sp1 < 0 || status < 100 || status > 699 || (i < line.length && line.charCodeAt(i) !== 32)) {
    return new SipParseError("start_line", "bad Status-Code", null, offset + cs);
  }
  return new SipResponse(status, latin1ToUtf8(line.slice(Math.min(i + 1, line.length))), version);
}

function withPartial(e: SipParseError, req: SipRequest): SipParseError {
  e.partial = req;
  return e;
}

/**
 * Finish an error: attach the partial request (for a stateless answer) and decide whether
 * it can be answered at all (requests with a parseable top Via only).
 */
function fail(msg: SipMessage, startError: SipParseError | null, err: SipParseError | null): SipParseError {
  const e = (startError ?? err)!;
  if (!msg.isRequest) {
    e.status = null;
    return e;
  }
  const partial = e.partial ?? msg;
  partial.headers = msg.headers;
  e.partial = partial;
  if (!answerable(partial)) e.status = null;
  return e;
}

// sent-protocol and sent-by of a Via value: enough to route an answer back
const VIA_PREFIX = /^SIP\s*\/\s*2\.0\s*\/\s*[A-Za-z]+\s+(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)/i;

/**
 * A request can be answered statelessly when its top Via parses, or at least starts with a
 * readable sent-protocol and sent-by (RFC 4475 badinv01 has junk parameters but wants a 400).
 */
export function answerable(req: SipRequest): boolean {
  try {
    return req.via.length > 0;
  } catch {
    const top = req.headers.find((h) => h.name === "via");
    return top !== undefined && VIA_PREFIX.test(top.value);
  }
}

function dropped(code: "empty" | "no_header_end", msg: string, at: number): SipParseError {
  const e = new SipParseError(code, msg, null, at);
  e.status = null;
  return e;
}

// Buffer's own latin1 decoder, without toString's encoding dispatch (~30 ns a message)
const decodeLatin1: ((this: Buffer, start: number, end: number) => string) | undefined = (
  Buffer.prototype as unknown as { latin1Slice?: (this: Buffer, start: number, end: number) => string }
).latin1Slice;

/** The octets of `buf` as a latin1 string (one char per octet). */
function latin1(buf: Buffer): string {
  return decodeLatin1 === undefined ? buf.toString("latin1") : decodeLatin1.call(buf, 0, buf.length);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

function isBlank(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 13 && c !== 10 && c !== 32 && c !== 9) return false;
  }
  return true;
}
