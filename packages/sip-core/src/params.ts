import { isWs, quotedEnd, skipWs, TOKEN } from "./chars.js";

/**
 * Header or URI parameters: lowercase name -> raw value (null for a flag like `;lr`), in
 * wire order. A Map-like list: messages carry a handful of parameters, and a flat array is
 * several times cheaper to build than a Map.
 */
export class Params implements Iterable<[string, string | null]> {
  private a: Array<string | null> = [];

  constructor(entries?: Iterable<readonly [string, string | null]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  get size(): number {
    return this.a.length >> 1;
  }
  private indexOf(k: string): number {
    const a = this.a;
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
    if (i < 0) this.a.push(k, v);
    else this.a[i + 1] = v;
    return this;
  }
  /** Append without checking for an existing name (parsers; the first occurrence wins on get). */
  append(k: string, v: string | null): void {
    this.a.push(k, v);
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
  delete(k: string): boolean {
    const i = this.indexOf(k);
    if (i < 0) return false;
    this.a.splice(i, 2);
    return true;
  }
  *[Symbol.iterator](): IterableIterator<[string, string | null]> {
    const a = this.a;
    for (let i = 0; i < a.length; i += 2) yield [a[i] as string, a[i + 1] ?? null];
  }
  entries(): IterableIterator<[string, string | null]> {
    return this[Symbol.iterator]();
  }
  /** `;name=value;flag` */
  toString(): string {
    const a = this.a;
    let out = "";
    for (let i = 0; i < a.length; i += 2) out += a[i + 1] === null ? `;${a[i]}` : `;${a[i]}=${a[i + 1]}`;
    return out;
  }
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
const commonByLen: Array<string[] | undefined> = [];
for (const c of COMMON) {
  const list = commonByLen[c.length] ?? [];
  list.push(c);
  commonByLen[c.length] = list;
}

/** The constant spelling of a common parameter name written at `s[at, at + len)`, if it is one. */
export function commonName(s: string, at: number, len: number): string | undefined {
  const cands = commonByLen[len];
  if (cands === undefined) return undefined;
  // names are short: a compare loop the JIT inlines beats a startsWith builtin call
  next: for (let k = 0; k < cands.length; k++) {
    const c = cands[k]!;
    for (let j = 0; j < len; j++) if (s.charCodeAt(at + j) !== c.charCodeAt(j)) continue next;
    return c;
  }
  return undefined;
}

const SCRATCH: Array<string | null> = [];

/** Thrown by the low-level scanners; the message parser turns it into a SipParseError. */
export class SyntaxFault extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/**
 * Parse `*( SEMI generic-param )` of a header value starting at `i` (which must be `;` or the
 * end, after optional LWS). LWS is allowed around `;` and `=`. Values are tokens, hosts
 * (IPv6 in brackets) or quoted-strings, kept raw. Returns the index where parsing stopped
 * (the end, or a `,` when `stopAtComma`).
 */
export function parseHeaderParams(
  s: string,
  i: number,
  end: number,
  out: Params,
  stopAtComma = false,
): number {
  // collected in a scratch list and handed over in one exact-size copy (no growth garbage)
  const tmp = SCRATCH;
  const tok = TOKEN;
  let n = 0;
  for (;;) {
    i = skipWs(s, i, end);
    if (i >= end || (stopAtComma && s.charCodeAt(i) === 44)) {
      out.appendFlat(tmp, n);
      return i;
    }
    const c = s.charCodeAt(i);
    if (c !== 59) throw new SyntaxFault(`unexpected "${s[i]}" where a parameter should start`, i);
    i = skipWs(s, i + 1, end);
    const ns = i;
    let upper = false;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c > 255 || tok[c] !== 1) break;
      if (c >= 65 && c <= 90) upper = true;
    }
    if (i === ns) throw new SyntaxFault("empty parameter name", i);
    const name = upper ? s.slice(ns, i).toLowerCase() : (commonName(s, ns, i - ns) ?? s.slice(ns, i));
    const j = skipWs(s, i, end);
    if (j < end && s.charCodeAt(j) === 61) {
      i = skipWs(s, j + 1, end);
      const vs = i;
      if (i < end && s.charCodeAt(i) === 34) {
        const q = quotedEnd(s, i, end);
        if (q < 0) throw new SyntaxFault("unterminated quoted parameter value", i);
        i = q;
      } else if (i < end && s.charCodeAt(i) === 91) {
        const close = s.indexOf("]", i);
        if (close < 0 || close >= end) throw new SyntaxFault("unterminated IPv6 reference", i);
        i = close + 1;
      } else {
        for (; i < end; i++) {
          const c = s.charCodeAt(i);
          if (c > 255 || tok[c] !== 1) break;
        }
        if (i === vs) throw new SyntaxFault(`empty value for parameter ${name}`, i);
      }
      tmp[n++] = name;
      tmp[n++] = s.slice(vs, i);
    } else {
      tmp[n++] = name;
      tmp[n++] = null;
      i = j;
    }
    if (
      i < end &&
      !isWs(s.charCodeAt(i)) &&
      s.charCodeAt(i) !== 59 &&
      !(stopAtComma && s.charCodeAt(i) === 44)
    ) {
      throw new SyntaxFault(`unexpected "${s[i]}" in parameters`, i);
    }
  }
}

/** Serialize parameters as `;name=value;flag`. */
export function formatParams(p: Params): string {
  return p.toString();
}
