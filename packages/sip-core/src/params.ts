import { asciiOctets, indexOfB, quotedEndB, TOKEN } from "./chars.js";

/**
 * Header or URI parameters: lowercase name -> raw value (null for a flag like `;lr`), in
 * wire order. A Map-like list: messages carry a handful of parameters, and a flat array is
 * several times cheaper to build than a Map.
 */
// Shared by every empty list (most parsed lists are empty): replaced, never written to.
const NONE: Array<string | null> = [];

export class Params implements Iterable<[string, string | null]> {
  private a: Array<string | null> = NONE;
  // URI parameters not listed yet: `;name[=value]...` in src[from, to) (checked by the URI parser)
  private src: string | null = null;
  private from = 0;
  private to = 0;

  constructor(entries?: Iterable<readonly [string, string | null]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  /** @internal A list parsed by `parseHeaderParams` (null: none). */
  static of(a: Array<string | null> | null): Params {
    const p = new Params();
    if (a !== null) p.a = a;
    return p;
  }

  /**
   * @internal The parameters of a checked URI, `;name[=value]...` in s[from, to), listed on
   * first use: a URI is mostly parsed to be checked or compared, its parameters seldom read.
   */
  static deferred(s: string, from: number, to: number): Params {
    const p = new Params();
    if (to > from) {
      p.src = s;
      p.from = from;
      p.to = to;
    }
    return p;
  }

  /** The list, to be written to (not the shared empty one). */
  private writable(): Array<string | null> {
    if (this.a === NONE) this.a = [];
    return this.a;
  }

  /** The list, after listing deferred URI parameters. */
  private list(): Array<string | null> {
    if (this.src !== null) {
      const s = this.src;
      this.src = null;
      listUriParams(s, this.from, this.to, this);
    }
    return this.a;
  }

  get size(): number {
    return this.list().length >> 1;
  }
  private indexOf(k: string): number {
    const a = this.list();
    for (let i = 0; i < a.length; i += 2) if (a[i] === k) return i;
    return -1;
  }
  get(k: string): string | null | undefined {
    const i = this.indexOf(k);
    return i < 0 ? undefined : this.a[i + 1];
  }
  has(k: string): boolean {
    return this.indexOf(k) >= 0;
  }
  set(k: string, v: string | null): this {
    const i = this.indexOf(k);
    if (i < 0) this.writable().push(k, v);
    else this.a[i + 1] = v;
    return this;
  }
  /** Append without checking for an existing name (parsers; the first occurrence wins on get). */
  append(k: string, v: string | null): void {
    this.list();
    this.writable().push(k, v);
  }
  /**
   * @internal Parsers: append `src[0, n)` (name, value, name, value...). An empty list takes
   * an exact-size copy, so a parsed message holds no spare array capacity.
   */
  appendFlat(src: Array<string | null>, n: number): void {
    if (n === 0) return;
    if (this.a.length !== 0) for (let i = 0; i < n; i++) this.a.push(src[i]!);
    // array literals for the usual one to three parameters: Array.prototype.slice costs more
    else if (n === 2) this.a = [src[0]!, src[1]!];
    else if (n === 4) this.a = [src[0]!, src[1]!, src[2]!, src[3]!];
    else if (n === 6) this.a = [src[0]!, src[1]!, src[2]!, src[3]!, src[4]!, src[5]!];
    else this.a = src.slice(0, n);
  }
  /** @internal Parsers: take `a` (name, value, name, value...) as the list (appended if not empty). */
  adopt(a: Array<string | null>): void {
    if (this.a.length === 0) this.a = a;
    else for (let i = 0; i < a.length; i++) this.a.push(a[i]!);
  }
  delete(k: string): boolean {
    const i = this.indexOf(k);
    if (i < 0) return false;
    this.a.splice(i, 2);
    return true;
  }
  *[Symbol.iterator](): IterableIterator<[string, string | null]> {
    const a = this.list();
    for (let i = 0; i < a.length; i += 2) yield [a[i] as string, a[i + 1] ?? null];
  }
  entries(): IterableIterator<[string, string | null]> {
    return this[Symbol.iterator]();
  }
  /** `;name=value;flag` */
  toString(): string {
    const a = this.list();
    let out = "";
    for (let i = 0; i < a.length; i += 2) out += a[i + 1] === null ? `;${a[i]}` : `;${a[i]}=${a[i + 1]}`;
    return out;
  }
}

/** List the URI parameters `;name[=value]...` of s[i, n) (already checked) into `out`. */
function listUriParams(s: string, i: number, n: number, out: Params): void {
  const tmp = SCRATCH;
  let np = 0;
  while (i < n) {
    let j = i + 1;
    let eq = -1;
    let odd = false; // uppercase or %-escape in the name: normalize it
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === 59) break;
      if (eq < 0) {
        if (c === 61) eq = j;
        else if ((c >= 65 && c <= 90) || c === 37) odd = true;
      }
    }
    const nameEnd = eq < 0 ? j : eq;
    const name = odd
      ? unescapeOnce(s.slice(i + 1, nameEnd)).toLowerCase()
      : (commonNameIn(s, i + 1, nameEnd) ?? s.slice(i + 1, nameEnd));
    tmp[np++] = name;
    tmp[np++] = eq < 0 ? null : s.slice(eq + 1, j);
    i = j;
  }
  out.appendFlat(tmp, np);
}

/** One step of %HH unescaping (malformed escapes are left as they are). */
export function unescapeOnce(s: string): string {
  if (!s.includes("%")) return s;
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

// parameter names seen on nearly every message: reuse the constant instead of a new string
const COMMON = [
  "tag",
  "branch",
  "rport",
  "received",
  "lr",
  "q",
  "expires",
  "user",
  "transport",
  "maddr",
  "ttl",
  "method",
  "ftag",
];
interface Common {
  name: string;
  octets: number[];
}
const commonByLen: Array<Common[] | undefined> = [];
for (let len = 0; len < 10; len++) commonByLen.push(undefined);
for (const c of COMMON) {
  const list = commonByLen[c.length] ?? [];
  list.push({ name: c, octets: asciiOctets(c) });
  commonByLen[c.length] = list;
}

/** The constant spelling of a common parameter name written at `b[at, at + len)`, if it is one. */
export function commonName(b: Uint8Array, at: number, len: number): string | undefined {
  if (len >= 10) return undefined;
  const cands = commonByLen[len];
  if (cands === undefined) return undefined;
  next: for (let k = 0; k < cands.length; k++) {
    const c = cands[k]!;
    const o = c.octets;
    for (let j = 0; j < len; j++) if (b[at + j] !== o[j]) continue next;
    return c.name;
  }
  return undefined;
}

const SCRATCH: Array<string | null> = [];

/** The constant spelling of a common parameter name at s[start, end), if it is one. */
function commonNameIn(s: string, start: number, end: number): string | undefined {
  const len = end - start;
  const cands = len < 10 ? commonByLen[len] : undefined;
  if (cands === undefined) return undefined;
  for (let k = 0; k < cands.length; k++) {
    const c = cands[k]!.name;
    if (s.startsWith(c, start)) return c;
  }
  return undefined;
}

/** Thrown by the low-level scanners; the message parser turns it into a SipParseError. */
export class SyntaxFault extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

function isWsOctet(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/**
 * Parse `*( SEMI generic-param )` of a header value starting at `i` (which must be `;` or the
 * end, after optional LWS). LWS is allowed around `;` and `=`. Values are tokens, hosts
 * (IPv6 in brackets) or quoted-strings, kept raw. Returns the list (name, value, name,
 * value...; null when there is none); `paramsEnd()` then says where parsing stopped (the end,
 * or a `,` when `stopAtComma`). `b` holds the octets of `s` (same offsets): the
 * scan reads `b`, names and values are cut from `s`.
 */
export function parseHeaderParams(
  b: Uint8Array,
  s: string,
  i: number,
  end: number,
  stopAtComma: boolean,
): Array<string | null> | null {
  // the usual one to three parameters are held in locals and handed over as one exact-size
  // array literal (a module-level scratch list would pay a write barrier per young string)
  const tok = TOKEN;
  let n = 0;
  let k0 = "";
  let v0: string | null = null;
  let k1 = "";
  let v1: string | null = null;
  let k2 = "";
  let v2: string | null = null;
  let more: Array<string | null> | null = null;
  for (;;) {
    while (i < end && isWsOctet(b[i]!)) i++;
    if (i >= end) break;
    let c = b[i]!;
    if (c !== 59) {
      if (stopAtComma && c === 44) break;
      throw new SyntaxFault(`unexpected "${s[i]}" where a parameter should start`, i);
    }
    i++;
    while (i < end && isWsOctet(b[i]!)) i++;
    const ns = i;
    let upper = false;
    for (; i < end; i++) {
      c = b[i]!;
      if (tok[c] !== 1) break;
      if (c <= 90 && c >= 65) upper = true;
    }
    if (i === ns) throw new SyntaxFault("empty parameter name", i);
    const name = upper ? s.slice(ns, i).toLowerCase() : (commonName(b, ns, i - ns) ?? s.slice(ns, i));
    let j = i;
    while (j < end && isWsOctet(b[j]!)) j++;
    let value: string | null = null;
    if (j < end && b[j] === 61) {
      i = j + 1;
      while (i < end && isWsOctet(b[i]!)) i++;
      const vs = i;
      c = i < end ? b[i]! : 0;
      if (c === 34) {
        const q = quotedEndB(b, i, end);
        if (q < 0) throw new SyntaxFault("unterminated quoted parameter value", i);
        i = q;
      } else if (c === 91) {
        const close = indexOfB(b, 93, i, end);
        if (close < 0) throw new SyntaxFault("unterminated IPv6 reference", i);
        i = close + 1;
      } else {
        while (i < end && tok[b[i]!] === 1) i++;
        if (i === vs) throw new SyntaxFault(`empty value for parameter ${name}`, i);
      }
      value = s.slice(vs, i);
    } else i = j;
    if (n === 0) {
      k0 = name;
      v0 = value;
    } else if (n === 1) {
      k1 = name;
      v1 = value;
    } else if (n === 2) {
      k2 = name;
      v2 = value;
    } else {
      if (more === null) more = [k0, v0, k1, v1, k2, v2];
      more.push(name, value);
    }
    n++;
    if (i < end) {
      c = b[i]!;
      if (c !== 59 && !isWsOctet(c) && !(stopAtComma && c === 44)) {
        throw new SyntaxFault(`unexpected "${s[i]}" in parameters`, i);
      }
    }
  }
  paramsStop = i;
  if (n === 0) return null;
  return n === 1 ? [k0, v0] : n === 2 ? [k0, v0, k1, v1] : n === 3 ? [k0, v0, k1, v1, k2, v2] : more!;
}

// where the last `parseHeaderParams` stopped (a small integer: no write barrier)
let paramsStop = 0;

/** Where the last `parseHeaderParams` stopped: the end, or a `,` when `stopAtComma`. */
export function paramsEnd(): number {
  return paramsStop;
}

/** Serialize parameters as `;name=value;flag`. */
export function formatParams(p: Params): string {
  return p.toString();
}
