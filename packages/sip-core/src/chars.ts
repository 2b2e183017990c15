// Character classes and small scanners shared by the header and URI parsers.
// Everything works on latin1 strings (one char per octet), so offsets are byte offsets.

/**
 * 1 for each RFC 3261 `token` octet. Hot loops read it through a local (`const tok = TOKEN`):
 * a module binding is re-checked on every access, a local is not. Tables are plain arrays of
 * small integers, not typed arrays: once any ArrayBuffer has been detached in the process, V8
 * checks every typed-array access for detachment, and a table lookup per octet pays it twice.
 */
export const TOKEN: number[] = table();
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~") {
  TOKEN[c.charCodeAt(0)] = 1;
}

/** 1 for each octet of a hostname or IPv4 address (ALPHA / DIGIT / "-" / "."). */
export const HOST: number[] = table();
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") {
  HOST[c.charCodeAt(0)] = 1;
}

/** A lookup table for the 256 octets, all 0 (a packed array of small integers). */
export function table(): number[] {
  return Array.from({ length: 256 }, () => 0);
}

/** The octets of an ASCII string as a plain array (compared against received octets). */
export function asciiOctets(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

/** RFC 3261 `token` character. */
export function isTokenChar(c: number): boolean {
  return c < 256 && TOKEN[c] === 1;
}

/** True when `s` is a non-empty RFC 3261 token. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (TOKEN[s.charCodeAt(i)] !== 1) return false;
  return true;
}

/** SP, HTAB, CR or LF (folded lines keep their CRLF inside raw values). */
export function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** Index of the first non-whitespace char at or after `i` (stops at `end`). */
export function skipWs(s: string, i: number, end = s.length): number {
  while (i < end && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** Index just past the last non-whitespace char before `end` (not below `start`). */
export function trimEndIndex(s: string, start: number, end: number): number {
  while (end > start && isWs(s.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Index just past the closing quote of the quoted-string opening at `i`, or -1 when it is
 * unterminated. Backslash escapes any following char.
 */
export function quotedEnd(s: string, i: number, end = s.length): number {
  for (let j = i + 1; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 34) return j + 1;
  }
  return -1;
}

/** The content of a quoted-string (without quotes), backslash escapes removed. */
export function unquote(q: string): string {
  const inner = q.slice(1, -1);
  return inner.includes("\\") ? inner.replace(/\\(.)/gs, "$1") : inner;
}

/** Quote `s` as a quoted-string, escaping `"` and `\`. */
export function quote(s: string): string {
  return `"${s.replace(/(["\\])/g, "\\$1")}"`;
}

/**
 * Split a header value on top-level commas (outside quotes and <...>), returning
 * [start, end) pairs trimmed of whitespace. Empty elements are kept (callers decide).
 */
export function splitCommas(s: string, from = 0, n = s.length): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = from;
  let angle = false;
  for (let i = from; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      const q = quotedEnd(s, i, n);
      if (q < 0) break;
      i = q - 1;
    } else if (c === 60) angle = true;
    else if (c === 62) angle = false;
    else if (c === 44 && !angle) {
      out.push([skipWs(s, start, i), trimEndIndex(s, start, i)]);
      start = i + 1;
    }
  }
  out.push([skipWs(s, start, n), trimEndIndex(s, start, n)]);
  return out;
}

/** Decode a latin1 string holding UTF-8 octets; ASCII strings come back unchanged. */
export function latin1ToUtf8(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) return Buffer.from(s, "latin1").toString("utf8");
  }
  return s;
}

/** Encode a JS string as UTF-8 octets held in a latin1 string (the inverse of latin1ToUtf8). */
export function utf8ToLatin1(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) return Buffer.from(s, "utf8").toString("latin1");
  }
  return s;
}

/** Parse a non-negative decimal integer; -1 if not all digits, or above `max`. */
export function parseUint(s: string, max = 0x7fffffff): number {
  if (s.length === 0 || s.length > 10) {
    // allow leading zeros beyond ten digits
    let k = 0;
    while (k < s.length - 1 && s.charCodeAt(k) === 48) k++;
    if (s.length === 0 || s.length - k > 10) return -1;
    s = s.slice(k);
  }
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v > max ? -1 : v;
}

// ---- octet scanners ---------------------------------------------------------------------
// The received Buffer and its latin1 header string hold the same octets at the same offsets:
// the scanners read the Buffer (a typed-array load per octet, where `charCodeAt` on a string
// of unknown representation costs a type dispatch per char) and cut values out of the string.

/**
 * The octets of a latin1 string, for scanning text we generated (`set`, `parseUri(s)`).
 * Characters above U+00FF become 0xFF, which no scanner accepts outside quotes.
 */
export function octets(s: string): Buffer {
  const b = Buffer.from(s, "latin1");
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) b[i] = 255;
  return b;
}

/** Index of the first octet at or after `i` that is not SP, HT, CR or LF (stops at `end`). */
export function skipWsB(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    i++;
  }
  return i;
}

/** Index just past the last octet before `end` that is not SP, HT, CR or LF (not below `start`). */
export function trimEndB(b: Uint8Array, start: number, end: number): number {
  while (end > start) {
    const c = b[end - 1]!;
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    end--;
  }
  return end;
}

/** `quotedEnd` on octets: index past the closing quote of the quoted-string at `i`, or -1. */
export function quotedEndB(b: Uint8Array, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = b[j]!;
    if (c === 92) j++;
    else if (c === 34) return j + 1;
  }
  return -1;
}

/** `parseUintRange` on octets. */
export function parseUintB(b: Uint8Array, start: number, end: number, max = 0x7fffffff): number {
  while (end - start > 1 && b[start] === 48) start++;
  if (end <= start || end - start > 10) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v > max ? -1 : v;
}

/** Index of the first octet `c` in b[i, end), or -1. */
export function indexOfB(b: Uint8Array, c: number, i: number, end: number): number {
  for (; i < end; i++) if (b[i] === c) return i;
  return -1;
}
