// Typed values of the hot headers. Each keeps the text it was parsed from (`raw`), so an
// unmodified value re-serializes byte for byte; setters clear `raw` and the value is
// rebuilt from its fields.
import {
  HOST,
  isTokenChar,
  isWs,
  latin1ToUtf8,
  parseUint,
  parseUintRange,
  quote,
  quotedEnd,
  skipWs,
  trimEndIndex,
  unquote,
  utf8ToLatin1,
} from "./chars.js";
import { formatParams, Params, parseHeaderParams, SyntaxFault } from "./params.js";
import { formatUri, parseUri, parseUriRange, type Uri } from "./uri.js";

/** One Via value: `SIP/2.0/UDP host:port;branch=...;received=...;rport=...`. */
export class Via {
  private rawText: string | null;
  private rawSrc: string | null = null;
  private rs = 0;
  private re = 0;

  constructor(
    /** Transport, uppercase (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, or anything else seen). */
    public transport: string,
    public host: string,
    public port: number | null,
    public params: Params,
    /** Protocol name/version, normalized to `SIP/2.0` form. */
    public protocol = "SIP/2.0",
    raw: string | null = null,
  ) {
    this.rawText = raw;
  }

  /** @internal The value was received as `src[start, end)` (cut out only if needed). */
  locate(src: string, start: number, end: number): this {
    this.rawSrc = src;
    this.rs = start;
    this.re = end;
    return this;
  }

  /** Text as received; null once modified (then `toString` rebuilds it). */
  get raw(): string | null {
    if (this.rawText === null && this.rawSrc !== null) this.rawText = this.rawSrc.slice(this.rs, this.re);
    return this.rawText;
  }
  set raw(r: string | null) {
    this.rawText = r;
    this.rawSrc = null;
  }

  get branch(): string | null {
    return this.params.get("branch") ?? null;
  }
  get received(): string | null {
    return this.params.get("received") ?? null;
  }
  /** `rport`: null when absent, true when requested without a value, else the filled-in port. */
  get rport(): number | true | null {
    if (!this.params.has("rport")) return null;
    const v = this.params.get("rport");
    return v == null ? true : Number(v);
  }
  /** True when the branch carries the RFC 3261 magic cookie (and something after it). */
  get isRfc3261(): boolean {
    const b = this.branch;
    return b !== null && b.length > 7 && b.startsWith("z9hG4bK");
  }
  /** Set (or with null remove) a parameter. */
  setParam(name: string, value: string | null | undefined): void {
    if (value === undefined) this.params.delete(name);
    else this.params.set(name, value);
    this.raw = null;
  }
  toString(): string {
    if (this.raw !== null) return this.raw;
    return `${this.protocol}/${this.transport} ${this.host}${this.port === null ? "" : `:${this.port}`}${formatParams(this.params)}`;
  }
}

/** `[display-name] <uri>;params` or `uri;params` (From, To, Contact, Route, Record-Route...). */
export class NameAddr {
  private parsedUri: Uri | null = null;
  private ut: string | null;
  private dn: string | null;
  private rawText: string | null;
  private rawSrc: string | null = null;
  private rs = 0;
  private re = 0;
  // where the URI sits in the received header text: cut out or parsed in place when read
  private src: string | null = null;
  private us = 0;
  private ue = 0;
  // where a received display name sits (quoted or tokens), decoded when read; null: none
  private dsrc: string | null = null;
  private ds = 0;
  private de = 0;

  constructor(
    /** Display name decoded (UTF-8), without quotes; null when absent. */
    displayName: string | null,
    uriText: string,
    public params: Params,
    raw: string | null = null,
    /** True for `Contact: *`. */
    public readonly star = false,
  ) {
    this.dn = displayName;
    this.ut = uriText;
    this.rawText = raw;
  }

  /** Display name decoded (UTF-8), without quotes; null when absent. */
  get displayName(): string | null {
    if (this.dsrc !== null) {
      this.dn = decodeDisplayName(this.dsrc, this.ds, this.de);
      this.dsrc = null;
    }
    return this.dn;
  }
  set displayName(d: string | null) {
    this.dn = d;
    this.dsrc = null;
  }

  /** @internal The display name was received as `src[start, end)` (quoted or tokens). */
  locateDisplayName(src: string, start: number, end: number): this {
    this.dsrc = src;
    this.ds = start;
    this.de = end;
    return this;
  }

  /** Text as received; null once modified (then `toString` rebuilds it). */
  get raw(): string | null {
    if (this.rawText === null && this.rawSrc !== null) this.rawText = this.rawSrc.slice(this.rs, this.re);
    return this.rawText;
  }
  set raw(r: string | null) {
    this.rawText = r;
    this.rawSrc = null;
  }

  /** @internal The value was received as `src[start, end)` (cut out only if needed). */
  locateRaw(src: string, start: number, end: number): this {
    this.rawSrc = src;
    this.rs = start;
    this.re = end;
    return this;
  }

  /** The URI text as written (between < > when it was bracketed). */
  get uriText(): string {
    if (this.ut === null) this.ut = this.src!.slice(this.us, this.ue);
    return this.ut;
  }
  set uriText(t: string) {
    this.ut = t;
    this.src = null;
    this.parsedUri = null;
    this.raw = null;
  }

  /** @internal The URI text is `src[start, end)` (cut out only if asked for). */
  locate(src: string, start: number, end: number): this {
    this.ut = null;
    this.src = src;
    this.us = start;
    this.ue = end;
    return this;
  }

  /** The URI, parsed on first use (throws SyntaxFault if it does not parse). */
  get uri(): Uri {
    if (this.parsedUri === null) {
      this.parsedUri = this.src === null ? parseUri(this.ut!) : parseUriRange(this.src, this.us, this.ue);
    }
    return this.parsedUri;
  }
  set uri(u: Uri) {
    this.uriText = formatUri(u);
    this.parsedUri = u;
  }
  get tag(): string | null {
    return this.params.get("tag") ?? null;
  }
  set tag(t: string | null) {
    if (t === null) this.params.delete("tag");
    else this.params.set("tag", t);
    this.raw = null;
  }
  /** Contact q-value (0..1); 1 when absent or unparseable. */
  get q(): number {
    const v = this.params.get("q");
    if (v == null) return 1;
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 && n <= 1 ? n : 1;
  }
  get expires(): number | null {
    const v = this.params.get("expires");
    if (v == null) return null;
    const n = parseUint(v);
    return n < 0 ? null : n;
  }
  /** A copy that can be changed without touching this one. */
  clone(): NameAddr {
    return new NameAddr(this.displayName, this.uriText, new Params(this.params), this.raw, this.star);
  }
  toString(): string {
    if (this.raw !== null) return this.raw;
    if (this.star) return "*";
    const dn = this.displayName === null ? "" : `${quote(utf8ToLatin1(this.displayName))} `;
    return `${dn}<${this.uriText}>${formatParams(this.params)}`;
  }
}

/** CSeq: sequence number and method. */
export interface CSeq {
  seq: number;
  method: string;
}

/** Content-Type: `type/subtype` lowercased, with parameters. */
export interface MediaType {
  type: string;
  params: Params;
}

// where the last list-mode parse stopped: `end`, or the comma before the next value
let stop = 0;

/** Parse one Via value in s[i, end). */
export function parseVia(s: string, i: number, end: number): Via {
  return viaAt(s, i, end, false);
}

/**
 * Parse a comma list of Via values in s[i, end) into `out`, in one pass: each value's
 * scanner stops at the comma that ends it (commas can only appear quoted inside a value).
 */
export function parseViaList(s: string, i: number, end: number, out: Via[]): void {
  for (;;) {
    out.push(viaAt(s, skipWs(s, i, end), end, true));
    if (stop >= end) return;
    i = stop + 1;
  }
}

function viaAt(s: string, i: number, end: number, list: boolean): Via {
  const start = i;
  let protocol = "SIP/2.0";
  let transport: string;
  if (end - i > 12 && s.startsWith("SIP/2.0/", i) && s.charCodeAt(i + 11) === 32) {
    // fast path: "SIP/2.0/XXX " with an uppercase three-letter transport
    const t0 = s.charCodeAt(i + 8);
    transport =
      t0 === 85 && s.startsWith("UDP", i + 8)
        ? "UDP"
        : t0 === 84 && s.startsWith("TCP", i + 8)
          ? "TCP"
          : t0 === 84 && s.startsWith("TLS", i + 8)
            ? "TLS"
            : s.slice(i + 8, i + 11).toUpperCase();
    i += 12;
  } else {
    // protocol-name SLASH protocol-version SLASH transport, LWS allowed around the slashes
    const parts: string[] = [];
    for (let k = 0; k < 3; k++) {
      i = skipWs(s, i, end);
      const st = i;
      while (i < end && isTokenChar(s.charCodeAt(i))) i++;
      if (i === st) throw new SyntaxFault("bad Via sent-protocol", i);
      parts.push(s.slice(st, i));
      i = skipWs(s, i, end);
      if (k < 2) {
        if (s.charCodeAt(i) !== 47) throw new SyntaxFault("bad Via sent-protocol", i);
        i++;
      }
    }
    if (parts[0]!.toUpperCase() !== "SIP") throw new SyntaxFault("Via protocol is not SIP", i);
    protocol = `SIP/${parts[1]}`;
    transport = parts[2]!.toUpperCase();
  }
  i = skipWs(s, i, end);
  // sent-by: host [ ":" port ]
  const hs = i;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf("]", i);
    if (close < 0 || close >= end) throw new SyntaxFault("bad IPv6 in Via", i);
    i = close + 1;
  } else {
    const hostChars = HOST;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c > 255 || hostChars[c] !== 1) break;
      i++;
    }
  }
  if (i === hs) throw new SyntaxFault("Via without host", i);
  const host = s.slice(hs, i);
  let port: number | null = null;
  let j = skipWs(s, i, end);
  if (s.charCodeAt(j) === 58) {
    j = skipWs(s, j + 1, end);
    const ps = j;
    let p = 0;
    for (; j < end; j++) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) break;
      p = p * 10 + (c - 48);
    }
    if (j === ps || j - ps > 5 || p > 65535) throw new SyntaxFault("bad Via port", ps);
    port = p;
    i = j;
  }
  const params = new Params();
  i = parseHeaderParams(s, i, end, params, list);
  stop = i;
  return new Via(transport, host, port, params, protocol).locate(
    s,
    start,
    list ? trimEndIndex(s, start, i) : end,
  );
}

/**
 * Parse one name-addr / addr-spec value in s[i, end). In addr-spec form, `;` starts header
 * parameters and the URI may not contain `?`, `,` or `;`.
 */
export function parseNameAddr(s: string, i: number, end: number, allowStar = false): NameAddr {
  return nameAddrAt(s, i, end, allowStar, false);
}

/**
 * Parse a comma list of name-addr / addr-spec values in s[i, end) into `out`, in one pass:
 * commas inside quotes and < > belong to the value, a comma after it starts the next one.
 */
export function parseNameAddrList(
  s: string,
  i: number,
  end: number,
  allowStar: boolean,
  out: NameAddr[],
): void {
  for (;;) {
    out.push(nameAddrAt(s, skipWs(s, i, end), end, allowStar, true));
    if (stop >= end) return;
    i = stop + 1;
  }
}

function nameAddrAt(s: string, i: number, end: number, allowStar: boolean, list: boolean): NameAddr {
  const start = i;
  let rawEnd = end;
  i = skipWs(s, i, end);
  end = trimEndIndex(s, i, end);
  if (allowStar && s.charCodeAt(i) === 42 && i < end) {
    const k = skipWs(s, i + 1, end);
    if (k === end || (list && s.charCodeAt(k) === 44)) {
      stop = k;
      if (list) rawEnd = trimEndIndex(s, start, k);
      return new NameAddr(null, "*", new Params(), s.slice(start, rawEnd), true);
    }
  }
  // display name: located now, decoded only when read
  let ds = -1;
  let de = 0;
  let us: number;
  let ue: number;
  const c0 = s.charCodeAt(i);
  let lt = -1;
  if (c0 === 34) {
    const q = quotedEnd(s, i, end);
    if (q < 0) throw new SyntaxFault("unterminated quoted display name", i);
    ds = i;
    de = q;
    lt = skipWs(s, q, end);
    if (s.charCodeAt(lt) !== 60) throw new SyntaxFault("display name not followed by <", lt);
  } else {
    // token display name (LWS-separated tokens) before '<', or an addr-spec
    let k = i;
    while (k < end) {
      const c = s.charCodeAt(k);
      if (c === 60) {
        lt = k;
        break;
      }
      if (!isTokenChar(c) && !isWs(c)) break;
      k++;
    }
    if (lt > i) {
      ds = i;
      de = trimEndIndex(s, i, lt);
    }
  }
  if (lt >= 0) {
    const gt = s.indexOf(">", lt);
    if (gt < 0 || gt >= end) throw new SyntaxFault("unterminated <", lt);
    us = lt + 1;
    ue = gt;
    // whitespace inside < > is caught when the URI is parsed (validateMessage forces it)
    i = gt + 1;
  } else {
    us = i;
    let colon = -1;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === 59 || isWs(c) || (c === 44 && list)) break;
      if (c === 63 || c === 44 || c === 60 || c === 62 || c === 34) {
        throw new SyntaxFault(`"${s[i]}" in an addr-spec needs < >`, i);
      }
      if (c === 58 && colon < 0) colon = i;
      i++;
    }
    ue = i;
    if (colon <= us) throw new SyntaxFault("expected a URI", us);
  }
  const params = new Params();
  i = parseHeaderParams(s, i, end, params, list);
  stop = i;
  if (list) rawEnd = trimEndIndex(s, start, i);
  const na = new NameAddr(null, "", params).locate(s, us, ue).locateRaw(s, start, rawEnd);
  return ds < 0 ? na : na.locateDisplayName(s, ds, de);
}

/** Decode a received display name: a quoted-string (UTF-8 inside) or LWS-separated tokens. */
function decodeDisplayName(s: string, start: number, end: number): string {
  if (s.charCodeAt(start) === 34) return latin1ToUtf8(unquote(s.slice(start, end)));
  return s.slice(start, end).replace(/\s+/g, " ");
}

/** Parse `1*DIGIT LWS Method` in v[start, end); the number must fit in 2^31-1. */
export function parseCSeq(v: string, start = 0, end = v.length): CSeq {
  let i = skipWs(v, start, end);
  const st = i;
  while (i < end && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
  const seq = parseUintRange(v, st, i);
  if (seq < 0) throw new SyntaxFault("CSeq number missing or out of range", st);
  const ms = skipWs(v, i, end);
  if (ms === i) throw new SyntaxFault("CSeq needs a method", i);
  let e = ms;
  while (e < end && isTokenChar(v.charCodeAt(e))) e++;
  if (e === ms || skipWs(v, e, end) !== end) throw new SyntaxFault("bad CSeq method", e);
  return { seq, method: knownMethod(v, ms, e) ?? v.slice(ms, e) };
}

const METHODS = ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "INFO", "UPDATE", "PRACK"];

/** The constant spelling of a common method written at `s[start, end)`, if it is one. */
function knownMethod(s: string, start: number, end: number): string | undefined {
  for (let k = 0; k < METHODS.length; k++) {
    const m = METHODS[k]!;
    if (m.length === end - start && s.startsWith(m, start)) return m;
  }
  return undefined;
}

/** Parse a Content-Type / media-type value in v[start, end). */
export function parseMediaType(v: string, start = 0, end = v.length): MediaType {
  let i = skipWs(v, start, end);
  const st = i;
  let upper = false;
  for (; i < end; i++) {
    const c = v.charCodeAt(i);
    if (!isTokenChar(c)) break;
    if (c >= 65 && c <= 90) upper = true;
  }
  let j = skipWs(v, i, end);
  if (i === st || v.charCodeAt(j) !== 47) throw new SyntaxFault("bad media type", i);
  const slash = j;
  j = skipWs(v, j + 1, end);
  const ss = j;
  for (; j < end; j++) {
    const c = v.charCodeAt(j);
    if (!isTokenChar(c)) break;
    if (c >= 65 && c <= 90) upper = true;
  }
  if (j === ss) throw new SyntaxFault("bad media subtype", j);
  const params = new Params();
  parseHeaderParams(v, j, end, params);
  // written lowercase with nothing around the slash (the usual case): one cut, no case mapping
  const type =
    !upper && slash === i && ss === i + 1
      ? v.slice(st, j)
      : `${v.slice(st, i)}/${v.slice(ss, j)}`.toLowerCase();
  return { type, params };
}
