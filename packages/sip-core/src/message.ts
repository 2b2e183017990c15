// The message model: a start line, an ordered header table and a Buffer body.
// Header values are latin1 strings (one char per octet) so every byte survives a
// parse/serialize round trip; the hot headers are typed on first access and cached.
import { octets, parseUintB, skipWsB, splitCommas, trimEndB, utf8ToLatin1 } from "./chars.js";
import { SipParseError } from "./errors.js";
import {
  type CSeq,
  cseqAt,
  listStop,
  type MediaType,
  mediaTypeAt,
  type NameAddr,
  parseNameAddrAt,
  parseNameAddrListItem,
  parseViaListItem,
  type Via,
} from "./headers.js";
import { canonicalName, prettyName } from "./names.js";
import { SyntaxFault } from "./params.js";
import { formatUri, parseUri, parseUriAt, type Uri } from "./uri.js";

/**
 * @internal The received header text two ways, at the same offsets: the octets (what the
 * typed parsers scan) and their latin1 string (what values are cut from). One per message.
 */
export class Source {
  constructor(
    readonly b: Buffer,
    readonly s: string,
  ) {}
}

/**
 * One header line. Parsed lines point into the received header text and cut their value
 * and raw line out of it only when asked (most lines are never read, only forwarded).
 */
export class HeaderField {
  private v: string | null;

  private constructor(
    /** Canonical name: lowercase long form (`v` -> `via`). */
    readonly name: string,
    value: string | null,
    private readonly src: Source | null,
    private readonly ls: number,
    private readonly le: number,
    private readonly vs: number,
    private readonly ve: number,
  ) {
    this.v = value;
  }

  /** A line we generate: written as `Pretty-Name: value`. */
  static of(name: string, value: string): HeaderField {
    return new HeaderField(name, value, null, 0, 0, 0, 0);
  }

  /** @internal A received line: `src[ls, le)` is the line, `src[vs, ve)` its trimmed value. */
  static received(name: string, src: Source, ls: number, le: number, vs: number, ve: number): HeaderField {
    return new HeaderField(name, null, src, ls, le, vs, ve);
  }

  /** Value with surrounding whitespace trimmed (folds kept as received), latin1. */
  get value(): string {
    if (this.v === null) this.v = this.src!.s.slice(this.vs, this.ve);
    return this.v;
  }

  /**
   * @internal The value as a range of a string, so typed parsers can read the received
   * header text in place (a flat string) instead of a slice of it.
   */
  get text(): string {
    return this.src === null ? this.v! : this.src.s;
  }
  /** @internal The octets of `text` (same offsets), what the typed parsers scan. */
  get octets(): Buffer {
    return this.src === null ? octets(this.v!) : this.src.b;
  }
  /** @internal */
  get start(): number {
    return this.src === null ? 0 : this.vs;
  }
  /** @internal */
  get end(): number {
    return this.src === null ? this.v!.length : this.ve;
  }

  /** The full line as received (without CRLF), used verbatim when serializing; null for generated lines. */
  get raw(): string | null {
    return this.src === null ? null : this.src.s.slice(this.ls, this.le);
  }

  /** @internal Octets of the line as serialized (without CRLF). */
  lineSize(): number {
    return this.src === null ? prettyName(this.name).length + 2 + this.v!.length : this.le - this.ls;
  }

  /**
   * @internal Write the line (without CRLF) at `p`: received octets copied as they came,
   * generated ones as `Pretty-Name: value`.
   */
  writeLine(out: Buffer, p: number): number {
    const src = this.src;
    if (src === null) {
      p = putLatin1(out, p, prettyName(this.name));
      out[p++] = 58; // :
      out[p++] = 32;
      return putLatin1(out, p, this.v!);
    }
    const b = src.b;
    for (let i = this.ls; i < this.le; i++) out[p++] = b[i]!;
    return p;
  }

  /** @internal A received Content-Length line whose value is `n` (kept verbatim then). */
  statesLength(n: number): boolean {
    return this.src !== null && parseUintB(this.src.b, this.vs, this.ve) === n;
  }
}

/**
 * @internal Write a latin1 string (one octet per char, as every header text here is) at `p`;
 * returns the offset after it. A loop: cheaper than a call into the encoder for short text.
 */
export function putLatin1(out: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) out[p++] = s.charCodeAt(i);
  return p;
}

const CRLF_FOLD = /\r\n[ \t]+/g;

function headerFault(name: string, e: unknown): SipParseError {
  if (e instanceof SyntaxFault) return new SipParseError("header_value", `${name}: ${e.message}`, name, e.at);
  if (e instanceof SipParseError) return e;
  return new SipParseError("header_value", `${name}: ${String(e)}`, name);
}

/** Fields and accessors shared by requests and responses. */
export abstract class SipMessageBase {
  /** Header lines in wire order. Prefer the methods below to editing this directly. */
  headers: HeaderField[] = [];
  /** The body octets (exactly Content-Length of them for parsed messages). */
  body: Buffer = EMPTY;

  private cVia: Via[] | undefined;
  private cFrom: NameAddr | undefined;
  private cTo: NameAddr | undefined;
  private cCSeq: CSeq | undefined;
  private cContact: NameAddr[] | undefined;
  private cRoute: NameAddr[] | undefined;
  private cRecordRoute: NameAddr[] | undefined;
  private cContentType: MediaType | null | undefined;

  abstract readonly isRequest: boolean;

  // ---- raw access ---------------------------------------------------------------------

  /** First value of a header (any spelling or compact form), folds unfolded; undefined if absent. */
  get(name: string): string | undefined {
    return this.first(canonicalName(name));
  }

  /** First value by canonical name. */
  protected first(n: string): string | undefined {
    const h = this.firstField(n);
    return h === undefined ? undefined : unfold(h.value);
  }

  /** First line by canonical name (typed parsers read its text in place). */
  private firstField(n: string): HeaderField | undefined {
    const hs = this.headers;
    for (let i = 0; i < hs.length; i++) if (hs[i]!.name === n) return hs[i];
    return undefined;
  }

  /** All values of a header, one per line (comma lists are not split). */
  getAll(name: string): string[] {
    const n = canonicalName(name);
    const out: string[] = [];
    for (const h of this.headers) if (h.name === n) out.push(unfold(h.value));
    return out;
  }

  /** All values of a comma-list header, split on top-level commas (Allow, Supported, Require...). */
  getList(name: string): string[] {
    const out: string[] = [];
    for (const v of this.getAll(name)) {
      for (const [s, e] of splitCommas(v)) if (e > s) out.push(v.slice(s, e));
    }
    return out;
  }

  has(name: string): boolean {
    const n = canonicalName(name);
    return this.headers.some((h) => h.name === n);
  }

  /** Append a header line. Values are JS strings; non-latin1 text is written as UTF-8. */
  add(name: string, value: string): this {
    this.headers.push(HeaderField.of(canonicalName(name), toLatin1(value)));
    this.invalidate(canonicalName(name));
    return this;
  }

  /** Insert a header line before all others of the same name (or at the top). */
  prepend(name: string, value: string): this {
    const n = canonicalName(name);
    const at = this.headers.findIndex((h) => h.name === n);
    this.headers.splice(Math.max(at, 0), 0, HeaderField.of(n, toLatin1(value)));
    this.invalidate(n);
    return this;
  }

  /** Replace every line of a header with one line (at the first one's place), or remove with undefined. */
  set(name: string, value: string | undefined): this {
    const n = canonicalName(name);
    const at = this.headers.findIndex((h) => h.name === n);
    this.headers = this.headers.filter((h) => h.name !== n);
    if (value !== undefined) {
      this.headers.splice(at < 0 ? this.headers.length : at, 0, HeaderField.of(n, toLatin1(value)));
    }
    this.invalidate(n);
    return this;
  }

  /** Remove every line of a header. */
  remove(name: string): this {
    return this.set(name, undefined);
  }

  // ---- hot headers (typed, cached) -------------------------------------------------------

  /** Every Via value, top first (comma lists split). Throws SipParseError if one is malformed. */
  get via(): Via[] {
    if (this.cVia === undefined) {
      // the usual one or two values are held in locals and handed over as an exact-size array
      // (a message keeps its lists, and an array grown by push keeps room for 17)
      let v0: Via | undefined;
      let v1: Via | undefined;
      let more: Via[] | undefined;
      let n = 0;
      for (const h of this.headers) {
        if (h.name !== "via") continue;
        const b = h.octets;
        const t = h.text;
        const end = h.end;
        let i = h.start;
        try {
          for (;;) {
            const v = parseViaListItem(b, t, i, end);
            if (n === 0) v0 = v;
            else if (n === 1) v1 = v;
            else if (more === undefined) more = [v0!, v1!, v];
            else more.push(v);
            n++;
            i = listStop();
            if (i >= end) break;
            i++;
          }
        } catch (e) {
          throw headerFault("via", e);
        }
      }
      this.cVia = n === 0 ? [] : n === 1 ? [v0!] : n === 2 ? [v0!, v1!] : more!;
    }
    return this.cVia;
  }

  /** The top Via (undefined when there is none). */
  get topVia(): Via | undefined {
    return this.via[0];
  }

  /** Write back changes made to Via objects (e.g. `topVia.setParam("received", ...)`). */
  commitVia(): void {
    const vias = this.via;
    const first = this.headers.findIndex((h) => h.name === "via");
    this.headers = this.headers.filter((h) => h.name !== "via");
    const at = Math.max(first, 0);
    for (let k = vias.length - 1; k >= 0; k--) {
      this.headers.splice(at, 0, HeaderField.of("via", vias[k]!.toString()));
    }
    this.cVia = vias;
  }

  get from(): NameAddr {
    if (this.cFrom === undefined) this.cFrom = this.single("from");
    return this.cFrom;
  }

  get to(): NameAddr {
    if (this.cTo === undefined) this.cTo = this.single("to");
    return this.cTo;
  }

  /** Write a changed From/To NameAddr (e.g. after setting `to.tag`) back to the header table. */
  commitAddress(which: "from" | "to"): void {
    const na = which === "from" ? this.from : this.to;
    this.set(which, na.toString());
    if (which === "from") this.cFrom = na;
    else this.cTo = na;
  }

  get callId(): string {
    const v = this.first("call-id");
    if (v === undefined) throw new SipParseError("header_missing", "no Call-ID", "call-id");
    return v;
  }

  get cseq(): CSeq {
    if (this.cCSeq === undefined) {
      const h = this.firstField("cseq");
      if (h === undefined) throw new SipParseError("header_missing", "no CSeq", "cseq");
      try {
        this.cCSeq = cseqAt(h.octets, h.text, h.start, h.end);
      } catch (e) {
        throw headerFault("cseq", e);
      }
    }
    return this.cCSeq;
  }

  /** Contact values (comma lists split); `[*]` for `Contact: *`. */
  get contact(): NameAddr[] {
    if (this.cContact === undefined) this.cContact = this.list("contact", true);
    return this.cContact;
  }

  get route(): NameAddr[] {
    if (this.cRoute === undefined) this.cRoute = this.list("route", false);
    return this.cRoute;
  }

  get recordRoute(): NameAddr[] {
    if (this.cRecordRoute === undefined) this.cRecordRoute = this.list("record-route", false);
    return this.cRecordRoute;
  }

  /** Max-Forwards (0..255), or null when absent. */
  get maxForwards(): number | null {
    const h = this.firstField("max-forwards");
    if (h === undefined) return null;
    const n = uintOf(h, 255);
    if (n < 0) throw new SipParseError("header_value", "Max-Forwards is not 0..255", "max-forwards");
    return n;
  }

  /** Content-Length as written, or null when absent. */
  get contentLength(): number | null {
    const h = this.firstField("content-length");
    if (h === undefined) return null;
    const n = uintOf(h, 0x7fffffff);
    if (n < 0) throw new SipParseError("content_length", "bad Content-Length", "content-length");
    return n;
  }

  /** Content-Type, or null when absent. */
  get contentType(): MediaType | null {
    if (this.cContentType === undefined) {
      const h = this.firstField("content-type");
      try {
        this.cContentType = h === undefined ? null : mediaTypeAt(h.octets, h.text, h.start, h.end);
      } catch (e) {
        throw headerFault("content-type", e);
      }
    }
    return this.cContentType;
  }

  private single(name: string): NameAddr {
    let found: HeaderField | undefined;
    for (const h of this.headers) {
      if (h.name !== name) continue;
      if (found) throw new SipParseError("header_duplicate", `more than one ${name}`, name);
      found = h;
    }
    if (!found) throw new SipParseError("header_missing", `no ${name}`, name);
    try {
      return parseNameAddrAt(found.octets, found.text, found.start, found.end);
    } catch (e) {
      throw headerFault(name, e);
    }
  }

  private list(name: string, star: boolean): NameAddr[] {
    // the usual one or two values are held in locals (see `via`)
    let a0: NameAddr | undefined;
    let a1: NameAddr | undefined;
    let more: NameAddr[] | undefined;
    let n = 0;
    for (const h of this.headers) {
      if (h.name !== name) continue;
      const b = h.octets;
      const t = h.text;
      const end = h.end;
      let i = h.start;
      try {
        for (;;) {
          const a = parseNameAddrListItem(b, t, i, end, star);
          if (n === 0) a0 = a;
          else if (n === 1) a1 = a;
          else if (more === undefined) more = [a0!, a1!, a];
          else more.push(a);
          n++;
          i = listStop();
          if (i >= end) break;
          i++;
        }
      } catch (e) {
        throw headerFault(name, e);
      }
    }
    return n === 0 ? [] : n === 1 ? [a0!] : n === 2 ? [a0!, a1!] : more!;
  }

  /** Drop cached typed values after a header of that name changed. */
  protected invalidate(name: string): void {
    switch (name) {
      case "via":
        this.cVia = undefined;
        break;
      case "from":
        this.cFrom = undefined;
        break;
      case "to":
        this.cTo = undefined;
        break;
      case "cseq":
        this.cCSeq = undefined;
        break;
      case "contact":
        this.cContact = undefined;
        break;
      case "route":
        this.cRoute = undefined;
        break;
      case "record-route":
        this.cRecordRoute = undefined;
        break;
      case "content-type":
        this.cContentType = undefined;
        break;
    }
  }

  /** The start line without CRLF. */
  abstract startLine(): string;

  /** A copy whose header table can be changed without touching this one (lines are shared, not mutated). */
  abstract clone(): SipMessageBase;

  /**
   * Serialize to bytes. Unchanged header lines are written exactly as received;
   * Content-Length is rewritten to match the body when it was present or the body is non-empty.
   *
   * The bytes are written straight into one Buffer sized first: received lines are copied
   * octet for octet from the received message, generated ones written from their latin1 text
   * (no header string built, flattened and encoded again, no raw line cut out as a string).
   */
  toBuffer(): Buffer {
    const hs = this.headers;
    const body = this.body;
    const bodyLen = body.length;
    // Content-Length: the first line is kept as received when it states the body's length,
    // else written anew; further ones are dropped; one is added when there was none.
    let lengthAt = -1;
    let lengthKept = false;
    let size = this.startLineSize() + 2;
    for (let i = 0; i < hs.length; i++) {
      const h = hs[i]!;
      if (h.name === "content-length") {
        if (lengthAt >= 0) continue;
        lengthAt = i;
        lengthKept = h.statesLength(bodyLen);
        if (lengthKept) size += h.lineSize() + 2;
        continue;
      }
      size += h.lineSize() + 2;
    }
    const lengthText = lengthKept ? "" : String(bodyLen);
    if (!lengthKept) size += 16 + lengthText.length + 2; // "Content-Length: " + digits + CRLF
    size += 2 + bodyLen;
    const out = Buffer.allocUnsafe(size);
    let p = this.writeStartLine(out, 0);
    out[p++] = 13;
    out[p++] = 10;
    for (let i = 0; i < hs.length; i++) {
      const h = hs[i]!;
      if (h.name === "content-length") {
        if (i !== lengthAt) continue;
        p = lengthKept
          ? h.writeLine(out, p)
          : putLatin1(out, putLatin1(out, p, "Content-Length: "), lengthText);
      } else p = h.writeLine(out, p);
      out[p++] = 13;
      out[p++] = 10;
    }
    if (lengthAt < 0) {
      p = putLatin1(out, putLatin1(out, p, "Content-Length: "), lengthText);
      out[p++] = 13;
      out[p++] = 10;
    }
    out[p++] = 13;
    out[p++] = 10;
    if (bodyLen > 0) out.set(body, p);
    return out;
  }

  /** @internal Octets of the start line (without CRLF). */
  protected abstract startLineSize(): number;
  /** @internal Write the start line (without CRLF) at `p`; returns the offset after it. */
  protected abstract writeStartLine(out: Buffer, p: number): number;

  /** The message as text (latin1 view of the bytes); for logs and tests. */
  toString(): string {
    return this.toBuffer().toString("latin1");
  }
}

/** A SIP request. */
export class SipRequest extends SipMessageBase {
  readonly isRequest = true as const;
  private cUri: Uri | undefined;

  constructor(
    /** Method, case-sensitive as received (`INVITE`). */
    public method: string,
    /** Request-URI text as received. Use `requestUri` for the parsed form. */
    public uri: string,
    public version = "SIP/2.0",
  ) {
    super();
  }

  /** Where the parser found the Request-URI: read in place while `uri` is that text. */
  private uriSrc: Source | null = null;
  private uriStart = 0;
  private uriAsReceived = "";

  /** @internal The Request-URI is `src.s[start, start + uri.length)`. */
  receivedUri(src: Source, start: number): void {
    this.uriSrc = src;
    this.uriStart = start;
    this.uriAsReceived = this.uri;
  }

  /** The parsed Request-URI (throws SipParseError if it does not parse). */
  get requestUri(): Uri {
    if (this.cUri === undefined) {
      // a received URI is scanned where it lies in the message (no copy of its octets)
      const src = this.uriSrc;
      const base = src !== null && this.uri === this.uriAsReceived ? this.uriStart : -1;
      try {
        this.cUri = base >= 0 ? parseUriAt(src!.b, src!.s, base, base + this.uri.length) : parseUri(this.uri);
      } catch (e) {
        const err = headerFault("request-uri", e);
        // offsets within the URI, as for a URI parsed from its own text
        const at = base >= 0 && err.offset >= 0 ? err.offset - base : err.offset;
        throw new SipParseError("request_uri", err.message, null, at);
      }
    }
    return this.cUri;
  }
  set requestUri(u: Uri) {
    this.cUri = u;
    this.uri = formatUri(u);
  }

  startLine(): string {
    return `${this.method} ${this.uri} ${this.version}`;
  }

  protected startLineSize(): number {
    return this.method.length + this.uri.length + this.version.length + 2;
  }

  protected writeStartLine(out: Buffer, p: number): number {
    p = putLatin1(out, p, this.method);
    out[p++] = 32;
    p = putLatin1(out, p, this.uri);
    out[p++] = 32;
    return putLatin1(out, p, this.version);
  }

  clone(): SipRequest {
    const c = new SipRequest(this.method, this.uri, this.version);
    c.headers = this.headers.slice();
    c.body = this.body;
    return c;
  }
}

/** A SIP response. */
export class SipResponse extends SipMessageBase {
  readonly isRequest = false as const;

  constructor(
    public status: number,
    /** Reason-Phrase, decoded from UTF-8. */
    public reason: string,
    public version = "SIP/2.0",
  ) {
    super();
  }

  startLine(): string {
    return `${this.version} ${this.status} ${utf8ToLatin1(this.reason)}`;
  }

  /** The Reason-Phrase as octets (latin1 text), converted once per phrase. */
  private reasonOctets(): string {
    const r = this.reason;
    if (r !== this.reasonFor) {
      this.reasonFor = r;
      this.reasonText = utf8ToLatin1(r);
    }
    return this.reasonText;
  }
  private reasonFor: string | undefined = undefined;
  private reasonText = "";

  protected startLineSize(): number {
    return this.version.length + String(this.status).length + this.reasonOctets().length + 2;
  }

  protected writeStartLine(out: Buffer, p: number): number {
    p = putLatin1(out, p, this.version);
    out[p++] = 32;
    p = putLatin1(out, p, String(this.status));
    out[p++] = 32;
    return putLatin1(out, p, this.reasonOctets());
  }

  clone(): SipResponse {
    const c = new SipResponse(this.status, this.reason, this.version);
    c.headers = this.headers.slice();
    c.body = this.body;
    return c;
  }
}

export type SipMessage = SipRequest | SipResponse;

const EMPTY = Buffer.alloc(0);

/** A header value that must be a decimal number (-1 when it is not one, or above `max`). */
function uintOf(h: HeaderField, max: number): number {
  const b = h.octets;
  const s = skipWsB(b, h.start, h.end);
  return parseUintB(b, s, trimEndB(b, s, h.end), max);
}

function unfold(v: string): string {
  return v.indexOf("\r") < 0 ? v : v.replace(CRLF_FOLD, " ");
}

function toLatin1(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 255) return Buffer.from(s, "utf8").toString("latin1");
  }
  return s;
}
