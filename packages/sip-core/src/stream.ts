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

/**
 * Accumulates stream bytes and cuts them into messages. One framer per connection.
 *
 * Linear in the bytes received, however they are chunked: bytes are appended to a buffer that
 * grows by doubling (no concat of the whole backlog per chunk), the search for the end of the
 * headers resumes where the last one stopped, and once the headers are read the message's length
 * is kept, so a body arriving a byte at a time costs O(1) per chunk. (The old framer re-copied and
 * re-scanned its whole buffer per chunk: a 64 KiB message sent a byte at a time cost ~2^31 steps.)
 */
export class StreamFramer {
  /** Storage; the live bytes are [start, end). Emitted messages are views into it, never overwritten. */
  private store: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  /** Live bytes (from start) already searched for the blank line. */
  private scanned = 0;
  /** Total length of the message whose headers are read, or -1. */
  private need = -1;
  private dead = false;
  private crlfs = 0;
  private readonly max: number;

  constructor(opts: FramerOptions = {}) {
    this.max = opts.maxMessageSize ?? 65536;
  }

  /** Bytes buffered waiting for the rest of a message. */
  get pending(): number {
    return this.end - this.start;
  }

  private append(chunk: Buffer): void {
    const live = this.end - this.start;
    if (this.end + chunk.length > this.store.length) {
      // A new buffer (views handed out keep the old one): at least double what is live, so the
      // copies add up to O(bytes received).
      const next = Buffer.allocUnsafe(Math.max(4096, 2 * (live + chunk.length)));
      this.store.copy(next, 0, this.start, this.end);
      this.store = next;
      this.start = 0;
      this.end = live;
    }
    chunk.copy(this.store, this.end);
    this.end += chunk.length;
  }

  /** Feed a chunk; returns the frames it completed (after a fatal frame, nothing more). */
  push(chunk: Buffer): Frame[] {
    if (this.dead) return [];
    this.append(chunk);
    const buf = this.store;
    const out: Frame[] = [];
    for (;;) {
      if (this.need < 0 && this.scanned === 0) {
        let skip = this.start;
        while (skip + 1 < this.end && buf[skip] === 13 && buf[skip + 1] === 10) skip += 2;
        // a double CRLF (possibly split across chunks) between messages is a keep-alive ping
        this.crlfs += (skip - this.start) / 2;
        if (this.crlfs >= 2) {
          out.push({ kind: "ping" });
          this.crlfs = 0;
        }
        this.start = skip;
        // A lone CR at the end may be half of a CRLF: wait for the next byte.
        if (this.end - this.start === 1 && buf[this.start] === 13) break;
      }
      // (Never rewound to 0: emitted messages are views of the bytes before start.)
      if (this.start === this.end) break;
      if (this.need < 0) {
        const from = this.start + Math.max(0, this.scanned - 3);
        const headEnd = buf.indexOf("\r\n\r\n", from, "latin1");
        if (headEnd < 0 || headEnd + 4 > this.end) {
          this.scanned = this.end - this.start;
          if (this.scanned > this.max)
            return this.fatal(out, new SipParseError("too_large", "headers over the size cap"));
          break;
        }
        const head = buf.toString("latin1", this.start, headEnd);
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
          const parsed = parseMessage(buf.subarray(this.start, headEnd + 4), { framing: "stream" });
          const err =
            parsed instanceof SipParseError
              ? parsed
              : new SipParseError("content_length", "bad Content-Length", "content-length");
          return this.fatal(out, err);
        }
        const total = headEnd + 4 - this.start + length;
        if (total > this.max)
          return this.fatal(out, new SipParseError("too_large", "message over the size cap"));
        this.need = total;
      }
      if (this.end - this.start < this.need) break;
      this.crlfs = 0;
      const bytes = buf.subarray(this.start, this.start + this.need);
      this.start += this.need;
      this.need = -1;
      this.scanned = 0;
      out.push({ kind: "message", bytes, parsed: parseMessage(bytes, { framing: "stream" }) });
    }
    return out;
  }

  private fatal(out: Frame[], error: SipParseError): Frame[] {
    this.dead = true;
    this.store = Buffer.alloc(0);
    this.start = this.end = 0;
    out.push({ kind: "fatal", error });
    return out;
  }
}
