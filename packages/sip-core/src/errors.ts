/**
 * What went wrong with a message, as a value. Parsing never throws past the transport:
 * `parseMessage` returns a `SipParseError`, and accessors on a message that
 * `validateMessage` has not checked may throw one (it is an `Error` so it carries a stack).
 */
import type { SipRequest } from "./message.js";

export type SipErrorCode =
  | "empty" // nothing but whitespace
  | "start_line" // Request-Line / Status-Line is malformed (extra SP, bad method, bad code)
  | "version" // a SIP version other than 2.0
  | "request_uri" // Request-URI syntax (LWS inside, <> around it, escaped headers)
  | "uri_scheme" // Request-URI scheme we do not serve (sip, sips, tel)
  | "no_header_end" // no empty line ends the headers
  | "header_syntax" // a header line without a name or colon
  | "header_value" // a typed header whose value does not parse
  | "header_missing" // a mandatory header is absent
  | "header_duplicate" // a single-valued header appears more than once
  | "content_length" // negative, duplicate, non-numeric or missing (stream) Content-Length
  | "body_truncated" // Content-Length larger than the datagram
  | "cseq_mismatch" // CSeq method differs from the Request-Line method
  | "too_large"; // over the configured size cap

/** A parse failure with where it happened and, when answerable, the stateless answer. */
export class SipParseError extends Error {
  /** Status to answer with (400, 505, ...), or null when the message must be dropped silently. */
  status: number | null;
  /** Reason-Phrase for that answer, naming the problem. */
  reason: string;
  /**
   * The request as far as it could be read (headers split, start line possibly bogus), kept
   * so a stateless answer can copy Via/From/To/Call-ID/CSeq. Null for responses and when
   * nothing usable was read.
   */
  partial: SipRequest | null = null;

  constructor(
    readonly code: SipErrorCode,
    message: string,
    /** Lowercase long header name involved, if any. */
    readonly header: string | null = null,
    /** Byte offset in the input where the problem was seen (-1 when unknown). */
    readonly offset = -1,
  ) {
    super(message);
    this.name = "SipParseError";
    this.status = code === "version" ? 505 : code === "uri_scheme" ? 416 : 400;
    this.reason = code === "version" ? "Version Not Supported" : reasonFor(code, header, message);
  }
}

function reasonFor(code: SipErrorCode, header: string | null, message: string): string {
  if (code === "uri_scheme") return "Unsupported URI Scheme";
  const what = code === "header_missing" ? "missing" : code === "header_duplicate" ? "duplicate" : "bad";
  if (header) return `Bad Request (${what} ${header})`;
  return `Bad Request (${message})`;
}

/** True when `x` is a parse error rather than a message. */
export function isSipParseError(x: unknown): x is SipParseError {
  return x instanceof SipParseError;
}
