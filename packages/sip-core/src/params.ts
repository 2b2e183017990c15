import { isTokenChar, isWs, quotedEnd, skipWs } from "./chars.js";

/** Header or URI parameters: lowercase name -> raw value (null for a flag like `;lr`). */
export type Params = Map<string, string | null>;

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
  for (;;) {
    i = skipWs(s, i, end);
    if (i >= end) return i;
    const c = s.charCodeAt(i);
    if (c === 44 && stopAtComma) return i;
    if (c !== 59) throw new SyntaxFault(`unexpected "${s[i]}" where a parameter should start`, i);
    i = skipWs(s, i + 1, end);
    const ns = i;
    while (i < end && isTokenChar(s.charCodeAt(i))) i++;
    if (i === ns) throw new SyntaxFault("empty parameter name", i);
    const name = s.slice(ns, i).toLowerCase();
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
        while (i < end && isTokenChar(s.charCodeAt(i))) i++;
        if (i === vs) throw new SyntaxFault(`empty value for parameter ${name}`, i);
      }
      out.set(name, s.slice(vs, i));
    } else {
      out.set(name, null);
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
  let out = "";
  for (const [k, v] of p) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}
