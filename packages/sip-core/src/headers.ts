// Typed values of the hot headers. Each keeps the text it was parsed from (`raw`), so an
// unmodified value re-serializes byte for byte; setters clear `raw` and the value is
// rebuilt from its fields.
import {
  asciiOctets,
  HOST,
  indexOfB,
  latin1ToUtf8,
  octets,
  parseUint,
  parseUintB,
  quote,
  quotedEndB,
  skipWsB,
  TOKEN,
  trimEndB,
  unquote,
  utf8ToLatin1,
} from "./chars.js";
import { formatParams, Params, paramsEnd, parseHeaderParams, SyntaxFault } from "./params.js";
import { formatUri, parseUri, parseUriAt, type Uri } from "./uri.js";

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
  private ub: Uint8Array | null = null;
  private us = 0;
  private ue = 0;
  // where a received display name sits (quoted or tokens), decoded when read; null: none
  private dsrc: string | null = null;
  private ds = 0;
  private de = 0;
  // received parameters as parsed (name, value...), made a Params only when one is asked for
  private p: Params | null;
  private pl: Array<string | null> | null = null;

  constructor(
    /** Display name decoded (UTF-8), without quotes; null when absent. */
    displayName: string | null,
    uriText: string,
    params: Params | null,
    raw: string | null = null,
    /** True for `Contact: *`. */
    public readonly star = false,
  ) {
    this.dn = displayName;
    this.ut = uriText;
    this.p = params;
    this.rawText = raw;
  }

  /** Header parameters (`tag`, `q`, `expires`...). */
  get params(): Params {
    if (this.p === null) {
      this.p = Params.of(this.pl);
      this.pl = null;
    }
    return this.p;
  }
  set params(p: Params) {
    this.p = p;
    this.pl = null;
  }

  /** @internal The parameters as `parseHeaderParams` listed them (null: none). */
  locateParams(list: Array<string | null> | null): this {
    this.pl = list;
    return this;
  }

  /** One parameter's value (null for a flag), without making a Params for it. */
  private param(k: string): string | null | undefined {
    if (this.p !== null) return this.p.get(k);
    const a = this.pl;
    if (a === null) return undefined;
    for (let i = 0; i < a.length; i += 2) if (a[i] === k) return a[i + 1];
    return undefined;
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
    this.ub = null;
    this.parsedUri = null;
    this.raw = null;
  }

  /** @internal The URI text is `src[start, end)`, octets `b` (cut out only if asked for). */
  locate(b: Uint8Array, src: string, start: number, end: number): this {
    this.ut = null;
    this.ub = b;
    this.src = src;
    this.us = start;
    this.ue = end;
    return this;
  }

  /** The URI, parsed on first use (throws SyntaxFault if it does not parse). */
  get uri(): Uri {
    if (this.parsedUri === null) {
      this.parsedUri =
        this.src === null ? parseUri(this.ut!) : parseUriAt(this.ub!, this.src, this.us, this.ue);
    }
    return this.parsedUri;
  }
  set uri(u: Uri) {
    this.uriText = formatUri(u);
    this.parsedUri = u;
  }
  get tag(): string | null {
    return this.param("tag") ?? null;
  }
  set tag(t: string | null) {
    if (t === null) this.params.delete("tag");
    else this.params.set("tag", t);
    this.raw = null;
  }
  /** Contact q-value (0..1); 1 when absent or unparseable. */
  get q(): number {
    const v = this.param("q");
    if (v == null) return 1;
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 && n <= 1 ? n : 1;
  }
  get expires(): number | null {
    const v = this.param("expires");
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

// The parsers below take the value twice at the same offsets: `b` (octets, scanned) and `s`
// (latin1 string, where strings are cut from). Public entry points take a string alone.

/** Parse one Via value in s[i, end). */
export function parseVia(s: string, i: number, end: number): Via {
  return viaAt(octets(s), s, i, end, false);
}

/**
 * Parse the Via value of a comma list that starts at s[i] (LWS allowed before it): its
 * scanner stops at the comma that ends it (commas can only appear quoted inside a value);
 * `listStop()` then says where: `end`, or the comma before the next value.
 */
export function parseViaListItem(b: Uint8Array, s: string, i: number, end: number): Via {
  return viaAt(b, s, skipWsB(b, i, end), end, true);
}

/** Where the last `parseViaListItem` / `parseNameAddrListItem` stopped. */
export function listStop(): number {
  return stop;
}

function viaAt(b: Uint8Array, s: string, i: number, end: number, list: boolean): Via {
  const start = i;
  let protocol = "SIP/2.0";
  let transport: string;
  if (
    end - i > 12 &&
    b[i + 11] === 32 &&
    b[i] === 83 &&
    b[i + 1] === 73 &&
    b[i + 2] === 80 &&
    b[i + 3] === 47 &&
    b[i + 4] === 50 &&
    b[i + 5] === 46 &&
    b[i + 6] === 48 &&
    b[i + 7] === 47
  ) {
    // fast path: "SIP/2.0/XXX " with an uppercase three-letter transport
    const t0 = b[i + 8];
    const t1 = b[i + 9];
    const t2 = b[i + 10];
    transport =
      t0 === 85 && t1 === 68 && t2 === 80
        ? "UDP"
        : t0 === 84 && t1 === 67 && t2 === 80
          ? "TCP"
          : t0 === 84 && t1 === 76 && t2 === 83
            ? "TLS"
            : s.slice(i + 8, i + 11).toUpperCase();
    i += 12;
  } else {
    // protocol-name SLASH protocol-version SLASH transport, LWS allowed around the slashes
    const parts: string[] = [];
    const tok = TOKEN;
    for (let k = 0; k < 3; k++) {
      i = skipWsB(b, i, end);
      const st = i;
      while (i < end && tok[b[i]!] === 1) i++;
      if (i === st) throw new SyntaxFault("bad Via sent-protocol", i);
      parts.push(s.slice(st, i));
      i = skipWsB(b, i, end);
      if (k < 2) {
        if (i >= end || b[i] !== 47) throw new SyntaxFault("bad Via sent-protocol", i);
        i++;
      }
    }
    if (parts[0]!.toUpperCase() !== "SIP") throw new SyntaxFault("Via protocol is not SIP", i);
    protocol = `SIP/${parts[1]}`;
    transport = parts[2]!.toUpperCase();
  }
  i = skipWsB(b, i, end);
  // sent-by: host [ ":" port ]
  const hs = i;
  if (i < end && b[i] === 91) {
    const close = indexOfB(b, 93, i, end);
    if (close < 0) throw new SyntaxFault("bad IPv6 in Via", i);
    i = close + 1;
  } else {
    const hostChars = HOST;
    while (i < end && hostChars[b[i]!] === 1) i++;
  }
  if (i === hs) throw new SyntaxFault("Via without host", i);
  const host = s.slice(hs, i);
  let port: number | null = null;
  let j = skipWsB(b, i, end);
  if (j < end && b[j] === 58) {
    j = skipWsB(b, j + 1, end);
    const ps = j;
    let p = 0;
    for (; j < end; j++) {
      const c = b[j]!;
      if (c < 48 || c > 57) break;
      p = p * 10 + (c - 48);
    }
    if (j === ps || j - ps > 5 || p > 65535) throw new SyntaxFault("bad Via port", ps);
    port = p;
    i = j;
  }
  const params = Params.of(parseHeaderParams(b, s, i, end, list));
  i = paramsEnd();
  stop = i;
  return new Via(transport, host, port, params, protocol).locate(
    s,
    start,
    list ? trimEndB(b, start, i) : end,
  );
}

/**
 * Parse one name-addr / addr-spec value in s[i, end). In addr-spec form, `;` starts header
 * parameters and the URI may not contain `?`, `,` or `;`.
 */
export function parseNameAddr(s: string, i: number, end: number, allowStar = false): NameAddr {
  return nameAddrAt(octets(s), s, i, end, allowStar, false);
}

/**
 * Parse the name-addr / addr-spec value of a comma list that starts at s[i]: commas inside
 * quotes and < > belong to the value, a comma after it ends it (see `listStop()`).
 */
export function parseNameAddrListItem(
  b: Uint8Array,
  s: string,
  i: number,
  end: number,
  allowStar: boolean,
): NameAddr {
  return nameAddrAt(b, s, skipWsB(b, i, end), end, allowStar, true);
}

/** @internal `parseNameAddr` on a value whose octets are at hand. */
export function parseNameAddrAt(b: Uint8Array, s: string, i: number, end: number): NameAddr {
  return nameAddrAt(b, s, i, end, false, false);
}

function nameAddrAt(
  b: Uint8Array,
  s: string,
  i: number,
  end: number,
  allowStar: boolean,
  list: boolean,
): NameAddr {
  const start = i;
  let rawEnd = end;
  i = skipWsB(b, i, end);
  end = trimEndB(b, i, end);
  if (allowStar && i < end && b[i] === 42) {
    const k = skipWsB(b, i + 1, end);
    if (k === end || (list && b[k] === 44)) {
      stop = k;
      if (list) rawEnd = trimEndB(b, start, k);
      return new NameAddr(null, "*", null, s.slice(start, rawEnd), true);
    }
  }
  // display name: located now, decoded only when read
  let ds = -1;
  let de = 0;
  let us: number;
  let ue: number;
  const c0 = i < end ? b[i]! : 0;
  let lt = -1;
  if (c0 === 34) {
    const q = quotedEndB(b, i, end);
    if (q < 0) throw new SyntaxFault("unterminated quoted display name", i);
    ds = i;
    de = q;
    lt = skipWsB(b, q, end);
    if (lt >= end || b[lt] !== 60) throw new SyntaxFault("display name not followed by <", lt);
  } else if (c0 === 60) {
    lt = i;
  } else {
    // token display name (LWS-separated tokens) before '<', or an addr-spec
    const tok = TOKEN;
    let k = i;
    while (k < end) {
      const c = b[k]!;
      if (c === 60) {
        lt = k;
        break;
      }
      if (tok[c] !== 1 && c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
      k++;
    }
    if (lt > i) {
      ds = i;
      de = trimEndB(b, i, lt);
    }
  }
  if (lt >= 0) {
    // a builtin search of the string: URIs are long, a JS loop pays per octet
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
      const c = b[i]!;
      if (c === 59 || c === 32 || c === 9 || c === 13 || c === 10 || (c === 44 && list)) break;
      if (c === 63 || c === 44 || c === 60 || c === 62 || c === 34) {
        throw new SyntaxFault(`"${s[i]}" in an addr-spec needs < >`, i);
      }
      if (c === 58 && colon < 0) colon = i;
      i++;
    }
    ue = i;
    if (colon <= us) throw new SyntaxFault("expected a URI", us);
  }
  // no Params object until one is asked for, when there are none (To, Contact, Route...)
  const params = parseHeaderParams(b, s, i, end, list);
  i = paramsEnd();
  stop = i;
  if (list) rawEnd = trimEndB(b, start, i);
  const na = new NameAddr(null, "", null)
    .locate(b, s, us, ue)
    .locateRaw(s, start, rawEnd)
    .locateParams(params);
  return ds < 0 ? na : na.locateDisplayName(s, ds, de);
}

/** Decode a received display name: a quoted-string (UTF-8 inside) or LWS-separated tokens. */
function decodeDisplayName(s: string, start: number, end: number): string {
  if (s.charCodeAt(start) === 34) return latin1ToUtf8(unquote(s.slice(start, end)));
  return s.slice(start, end).replace(/\s+/g, " ");
}

/** Parse `1*DIGIT LWS Method` in v[start, end); the number must fit in 2^31-1. */
export function parseCSeq(v: string, start = 0, end = v.length): CSeq {
  return cseqAt(octets(v), v, start, end);
}

/** @internal `parseCSeq` on a value whose octets are at hand. */
export function cseqAt(b: Uint8Array, v: string, start: number, end: number): CSeq {
  let i = skipWsB(b, start, end);
  const st = i;
  let seq = 0;
  while (i < end) {
    const c = b[i]!;
    if (c < 48 || c > 57) break;
    seq = seq * 10 + (c - 48);
    i++;
  }
  // more than ten digits (or leading zeros): the careful path
  if (i - st > 9) seq = parseUintB(b, st, i);
  if (i === st || seq < 0 || seq > 0x7fffffff)
    throw new SyntaxFault("CSeq number missing or out of range", st);
  const ms = skipWsB(b, i, end);
  if (ms === i) throw new SyntaxFault("CSeq needs a method", i);
  const tok = TOKEN;
  let e = ms;
  while (e < end && tok[b[e]!] === 1) e++;
  if (e === ms || skipWsB(b, e, end) !== end) throw new SyntaxFault("bad CSeq method", e);
  return { seq, method: knownMethod(b, ms, e) ?? v.slice(ms, e) };
}

const METHODS = ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "INFO", "UPDATE", "PRACK"];
const METHOD_OCTETS = METHODS.map(asciiOctets);

/** The constant spelling of a common method written at `b[start, end)`, if it is one. */
export function knownMethod(b: Uint8Array, start: number, end: number): string | undefined {
  const len = end - start;
  next: for (let k = 0; k < METHODS.length; k++) {
    const o = METHOD_OCTETS[k]!;
    if (o.length !== len) continue;
    for (let j = 0; j < len; j++) if (b[start + j] !== o[j]) continue next;
    return METHODS[k];
  }
  return undefined;
}

/** Parse a Content-Type / media-type value in v[start, end). */
export function parseMediaType(v: string, start = 0, end = v.length): MediaType {
  return mediaTypeAt(octets(v), v, start, end);
}

/** @internal `parseMediaType` on a value whose octets are at hand. */
export function mediaTypeAt(b: Uint8Array, v: string, start: number, end: number): MediaType {
  const tok = TOKEN;
  let i = skipWsB(b, start, end);
  const st = i;
  let upper = false;
  for (; i < end; i++) {
    const c = b[i]!;
    if (tok[c] !== 1) break;
    if (c <= 90 && c >= 65) upper = true;
  }
  let j = skipWsB(b, i, end);
  if (i === st || j >= end || b[j] !== 47) throw new SyntaxFault("bad media type", i);
  const slash = j;
  j = skipWsB(b, j + 1, end);
  const ss = j;
  for (; j < end; j++) {
    const c = b[j]!;
    if (tok[c] !== 1) break;
    if (c <= 90 && c >= 65) upper = true;
  }
  if (j === ss) throw new SyntaxFault("bad media subtype", j);
  const params = Params.of(parseHeaderParams(b, v, j, end, false));
  // written lowercase with nothing around the slash (the usual case): one cut, no case mapping
  const type =
    !upper && slash === i && ss === i + 1
      ? v.slice(st, j)
      : `${v.slice(st, i)}/${v.slice(ss, j)}`.toLowerCase();
  return { type, params };
}
