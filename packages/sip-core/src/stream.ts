// TCP framing: a byte stream in, whole messages out. Content-Length is required; CRLF
// keep-alives between messages are skipped; a missing, negative, duplicate or non-numeric
// Content-Length, or a message over the size cap, is fatal for the connection (RFC 4475
// §3.1.2.3: the framing error is not recoverable).
import { SipParseError } from "./errors.js";
import type { SipMessage } from "./message.js";
import { parseMessage } from "./parser.js";

export type Frame =
  | { kind: "message"; bytes: Buffer; parsed: SipMessage | SipParseError }
  /** Keep-alive ping (double CRLF) seen: RFC 5626 wants a single CRLF back. */
  | { kind: "ping" }
  /** Unrecoverable: answer `error` if it can be answered, then close the connection. */
  | { kind: "fatal"; error: SipParseError };

export interface FramerOptions {
  /** Largest message accepted (headers + body), default 64 KiB. */
  maxMessageSize?: number;
}

const CL_LINE = /^(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/gim;

/** Accumulates stream bytes and cuts them into messages. One framer per connection. */
export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  private dead = false;
  private crlfs = 0;
  private readonly max: number;

  constructor(opts: FramerOptions = {}) {
    this.max = opts.maxMessageSize ?? 65536;
  }

  /** Bytes buffered waiting for the rest of a message. */
  get pending(): number {
    return this.buf.length;
  }

  /** Feed a chunk; returns the frames it completed (after a fatal frame, nothing more). */
  push(chunk: Buffer): Frame[] {
    if (this.dead) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Frame[] = [];
    for (;;) {
      let start = 0;
      while (start + 1 < this.buf.length && this.buf[start] === 13 && this.buf[start + 1] === 10) start += 2;
      // a double CRLF (possibly split across chunks) between messages is a keep-alive ping
      this.crlfs += start / 2;
      if (this.crlfs >= 2) {
        out.push({ kind: "ping" });
        this.crlfs = 0;
      }
      if (start > 0) this.buf = this.buf.subarray(start);
      if (this.buf.length === 0) break;
      const headEnd = this.buf.indexOf("\r\n\r\n", 0, "latin1");
      if (headEnd < 0) {
        if (this.buf.length > this.max)
          return this.fatal(out, new SipParseError("too_large", "headers over the size cap"));
        break;
      }
      const head = this.buf.toString("latin1", 0, headEnd);
      let length = -1;
      let count = 0;
      let bad = false;
      CL_LINE.lastIndex = 0;
      for (let m = CL_LINE.exec(head); m; m = CL_LINE.exec(head)) {
        count++;
        const v = m[1]!.trim();
        if (!/^\d{1,10}$/.test(v)) bad = true;
        else length = Number(v);
      }
      if (count !== 1 || bad) {
        const parsed = parseMessage(this.buf.subarray(0, headEnd + 4), { framing: "stream" });
        const err =
          parsed instanceof SipParseError
            ? parsed
            : new SipParseError("content_length", "bad Content-Length", "content-length");
        return this.fatal(out, err);
      }
      const total = headEnd + 4 + length;
      if (total > this.max)
        return this.fatal(out, new SipParseError("too_large", "message over the size cap"));
      if (this.buf.length < total) break;
      this.crlfs = 0;
      const bytes = this.buf.subarray(0, total);
      this.buf = this.buf.subarray(total);
      out.push({ kind: "message", bytes, parsed: parseMessage(bytes, { framing: "stream" }) });
    }
    // do not pin a large chunk for a small remainder
    if (this.buf.length > 0 && this.buf.byteOffset > 0) this.buf = Buffer.from(this.buf);
    return out;
  }

  private fatal(out: Frame[], error: SipParseError): Frame[] {
    this.dead = true;
    this.buf = Buffer.alloc(0);
    out.push({ kind: "fatal", error });
    return out;
  }
}
