import { asciiOctets } from "./chars.js";

// Header names: canonical lowercase long form, compact forms (RFC 3261 §7.3.3 and
// extensions), and the display spelling used when we generate a header.

const PRETTY = [
  "Accept",
  "Accept-Contact",
  "Accept-Encoding",
  "Accept-Language",
  "Alert-Info",
  "Allow",
  "Allow-Events",
  "Authentication-Info",
  "Authorization",
  "Call-ID",
  "Call-Info",
  "Contact",
  "Content-Disposition",
  "Content-Encoding",
  "Content-Language",
  "Content-Length",
  "Content-Type",
  "CSeq",
  "Date",
  "Error-Info",
  "Event",
  "Expires",
  "From",
  "In-Reply-To",
  "Max-Forwards",
  "Min-Expires",
  "MIME-Version",
  "Organization",
  "P-Asserted-Identity",
  "Priority",
  "Proxy-Authenticate",
  "Proxy-Authorization",
  "Proxy-Require",
  "Reason",
  "Record-Route",
  "Refer-To",
  "Referred-By",
  "Reply-To",
  "Require",
  "Retry-After",
  "Route",
  "RSeq",
  "RAck",
  "Server",
  "Session-Expires",
  "Subject",
  "Supported",
  "Timestamp",
  "To",
  "Unsupported",
  "User-Agent",
  "Via",
  "Warning",
  "WWW-Authenticate",
];

const COMPACT: Record<string, string> = {
  a: "accept-contact",
  b: "referred-by",
  c: "content-type",
  d: "request-disposition",
  e: "content-encoding",
  f: "from",
  i: "call-id",
  j: "reject-contact",
  k: "supported",
  l: "content-length",
  m: "contact",
  n: "identity-info",
  o: "event",
  r: "refer-to",
  s: "subject",
  t: "to",
  u: "allow-events",
  v: "via",
  x: "session-expires",
  y: "identity",
};

/**
 * The engine's unique copy of `s` (as a property key it is interned). Canonical names are
 * compared with literals like "via" on every typed access: interned strings compare by
 * pointer, a computed copy character by character.
 */
function intern(s: string): string {
  return Object.keys({ [s]: 0 })[0]!;
}

const prettyOf = new Map<string, string>();
/** Exact spelling as seen on the wire -> canonical name; filled with the usual spellings. */
const exact = new Map<string, string>();
for (const p of PRETTY) {
  const lc = intern(p.toLowerCase());
  prettyOf.set(lc, p);
  exact.set(p, lc);
  exact.set(lc, lc);
}
const compact = new Map(Object.entries(COMPACT));
for (const [k, v] of compact) {
  exact.set(k, v);
  exact.set(k.toUpperCase(), v);
}

/** Canonical (lowercase, long-form) header name for any spelling or compact form. */
export function canonicalName(name: string): string {
  const hit = exact.get(name);
  if (hit !== undefined) return hit;
  const lc = name.toLowerCase();
  return compact.get(lc) ?? lc;
}

/** The spelling used when we write a header (`call-id` -> `Call-ID`, `x-foo` -> `X-Foo`). */
export function prettyName(canonical: string): string {
  return (
    prettyOf.get(canonical) ??
    canonical.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())
  );
}

// Case-insensitive lookup on octets: candidates by (first letter, length), each with its
// lowercase spelling as octets. A token octet ORed with 0x20 equals a lowercase letter only
// when it is that letter in either case, so `(b | 32) === o` compares names case-insensitively.
interface Known {
  canonical: string;
  octets: number[];
}
const byFirstAndLength: Array<Known[] | undefined> = [];
for (let k = 0; k < 32 * 32; k++) byFirstAndLength.push(undefined);
{
  const seen = new Set<string>();
  for (const [spelling, canonical] of exact) {
    const lc = spelling.toLowerCase();
    if (seen.has(lc) || lc.length >= 32) continue;
    seen.add(lc);
    const k = ((lc.charCodeAt(0) & 31) << 5) | lc.length;
    const list = byFirstAndLength[k] ?? [];
    list.push({ canonical, octets: asciiOctets(lc) });
    byFirstAndLength[k] = list;
  }
}

/**
 * Canonical name of the header name of `len` token octets at `b[pos]` when it is a known
 * name or compact form (any case), else undefined (then use `canonicalName` on its text).
 */
export function lookupNameOctets(b: Uint8Array, pos: number, len: number): string | undefined {
  if (len >= 32) return undefined;
  const cands = byFirstAndLength[((b[pos]! & 31) << 5) | len];
  if (cands === undefined) return undefined;
  next: for (let i = 0; i < cands.length; i++) {
    const c = cands[i]!;
    const o = c.octets;
    for (let j = 0; j < len; j++) if ((b[pos + j]! | 32) !== o[j]) continue next;
    return c.canonical;
  }
  return undefined;
}
