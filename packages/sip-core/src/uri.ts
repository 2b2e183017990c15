// URIs: sip/sips (RFC 3261 §19.1), tel (RFC 3966, kept simple) and any other absolute URI
// kept opaque. Fields keep their escaped form so a URI re-serializes byte for byte;
// comparison (§19.1.4) unescapes one step.
import { HOST, indexOfB, octets, table } from "./chars.js";
import { Params, SyntaxFault, unescapeOnce } from "./params.js";

/** sip: or sips: URI. `user`/`password` keep their %-escapes; param names are unescaped, lowercase. */
export interface SipUri {
  kind: "sip";
  scheme: "sip" | "sips";
  user: string | null;
  password: string | null;
  /** Host as written (IPv6 keeps its brackets). */
  host: string;
  port: number | null;
  params: Params;
  /**
   * `?name=value&...` header components (names as written, values escaped). Parsed URIs
   * without any share one frozen empty list: assign a new array rather than push to it.
   */
  headers: Array<[string, string]>;
}

/** tel: URI (RFC 3966): the number and its parameters. */
export interface TelUri {
  kind: "tel";
  scheme: "tel";
  number: string;
  params: Params;
}

/** Any other absolute URI (http:, urn:, isbn:, soap.beep:...), kept opaque. */
export interface AbsoluteUri {
  kind: "absolute";
  scheme: string;
  opaque: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;

function fault(msg: string, at = 0): never {
  throw new SyntaxFault(msg, at);
}

const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;

/** Characters no URI may contain unescaped (whitespace, controls, <>", DEL and 8-bit). */
function illegal(c: number): boolean {
  return c <= 32 || c >= 127 || c === 60 || c === 62 || c === 34;
}

/** 1 for each octet a URI may hold unescaped (the complement of `illegal`). */
const URIC: number[] = table();
for (let c = 0; c < 256; c++) URIC[c] = illegal(c) ? 0 : 1;

// Parsed URIs without header components share one frozen empty list (a URI is parsed on
// nearly every message, its header list is nearly always empty and never written to; assign
// a new array to give a parsed URI header components).
const NO_HEADERS: Array<[string, string]> = Object.freeze([]) as unknown as Array<[string, string]>;

function checkChars(b: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) if (illegal(b[i]!)) fault(`illegal character in URI at ${i}`, i);
}

/** Parse a URI. Throws SyntaxFault on bad syntax; use `tryParseUri` for a null instead. */
export function parseUri(s: string): Uri {
  return parseUriAt(octets(s), s, 0, s.length);
}

/**
 * Parse the URI written at `s[start, end)` (lets header parsers read URIs in place); `b`
 * holds the octets of `s` at the same offsets (scanned), `s` is where strings are cut from.
 */
export function parseUriAt(b: Uint8Array, s: string, start: number, end: number): Uri {
  // fast path for the common lowercase "sip:" (parseSip checks characters as it scans)
  if (
    end - start > 4 &&
    b[start + 3] === 58 &&
    b[start] === 115 &&
    b[start + 1] === 105 &&
    b[start + 2] === 112
  ) {
    return parseSip(b, s, start + 4, end, "sip");
  }
  checkChars(b, start, end);
  const colon = indexOfB(b, 58, start, end);
  if (colon <= start) fault("URI has no scheme");
  const scheme = s.slice(start, colon).toLowerCase();
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) fault("bad URI scheme");
  if (scheme === "sip" || scheme === "sips") return parseSip(b, s, colon + 1, end, scheme);
  const rest = s.slice(colon + 1, end);
  if (scheme === "tel") return parseTel(rest, 0);
  if (rest.length === 0) fault("empty URI");
  return { kind: "absolute", scheme, opaque: rest };
}

/** `parseUri` that returns null on bad syntax. */
export function tryParseUri(s: string): Uri | null {
  try {
    return parseUri(s);
  } catch (e) {
    if (e instanceof SyntaxFault) return null;
    throw e;
  }
}

/** Parse a sip:/sips: URI (throws SyntaxFault when `s` is not one). */
export function parseSipUri(s: string): SipUri {
  const u = parseUri(s);
  if (u.kind !== "sip") fault(`not a SIP URI: ${u.scheme}`);
  return u;
}

function parseSip(b: Uint8Array, s: string, i: number, n: number, scheme: "sip" | "sips"): SipUri {
  // One pass over the octets that checks every part (each part's scanner also rejects what
  // no URI may hold unescaped, see checkChars) and notes where the parts are.
  // userinfo ends at the first "@" (a user part may hold ";" and "?", while no later part of
  // a URI may hold an "@"): a builtin search, then the userinfo is checked octet by octet
  let user: string | null = null;
  let password: string | null = null;
  const at = s.indexOf("@", i);
  if (at >= 0 && at < n) {
    let pc = -1;
    for (let k = i; k < at; k++) {
      const c = b[k]!;
      if (c === 58) {
        if (pc < 0) pc = k;
      } else if (URIC[c] !== 1) fault(`illegal character in URI at ${k}`, k);
    }
    if (pc >= 0) {
      user = s.slice(i, pc);
      password = s.slice(pc + 1, at);
    } else user = s.slice(i, at);
    if (user.length === 0) fault("empty user part");
    i = at + 1;
  }
  const hs = i;
  let hostEnd: number;
  if (b[i] === 91) {
    hostEnd = indexOfB(b, 93, i, n) + 1;
    if (hostEnd === 0) fault("unterminated IPv6 reference");
    const host = s.slice(i, hostEnd);
    if (!IPV6.test(host)) fault(`bad host "${host}"`);
  } else {
    // hostname / IPv4 characters only
    const hostChars = HOST;
    hostEnd = i;
    while (hostEnd < n) {
      const c = b[hostEnd]!;
      if (hostChars[c] === 1) {
        hostEnd++;
        continue;
      }
      if (c === 58 || c === 59 || c === 63) break;
      fault(`bad host character at ${hostEnd}`, hostEnd);
    }
  }
  if (hostEnd === hs) fault("empty host");
  const host = s.slice(hs, hostEnd);
  i = hostEnd;
  let port: number | null = null;
  if (i < n && b[i] === 58) {
    let j = i + 1;
    let p = 0;
    for (; j < n; j++) {
      const c = b[j]!;
      if (c < 48 || c > 57) break;
      p = p * 10 + (c - 48);
    }
    if (j === i + 1 || j - i > 6) fault("bad port");
    if (p > 65535) fault("port out of range");
    port = p;
    i = j;
  }
  // parameters: checked here (names non-empty, no illegal octet), listed when first read
  const qs = i;
  if (i < n && b[i] === 59) {
    const uric = URIC;
    for (; i < n; i++) {
      const c = b[i]!;
      if (c === 63) break;
      if (c === 59) {
        const c2 = i + 1 < n ? b[i + 1]! : 59;
        if (c2 === 59 || c2 === 61 || c2 === 63) fault("empty URI parameter", i);
      } else if (uric[c] !== 1) fault(`illegal character in URI at ${i}`, i);
    }
  }
  const params = Params.deferred(s, qs, i);
  const headers: Array<[string, string]> = i < n && b[i] === 63 ? [] : NO_HEADERS;
  if (i < n && b[i] === 63) {
    checkChars(b, i + 1, n);
    for (const h of s.slice(i + 1, n).split("&")) {
      const eq = h.indexOf("=");
      if (eq <= 0) fault("bad URI header");
      headers.push([h.slice(0, eq), h.slice(eq + 1)]);
    }
    i = n;
  }
  if (i !== n) fault(`unexpected "${s[i]}" in URI`, i);
  return { kind: "sip", scheme, user, password, host, port, params, headers };
}

function parseTel(s: string, i: number): TelUri {
  const semi = s.indexOf(";", i);
  const number = s.slice(i, semi < 0 ? s.length : semi);
  if (!/^\+?[0-9A-Fa-f*#().\-pPwW]+$/.test(number)) fault("bad tel number");
  const params = new Params();
  if (semi >= 0) {
    for (const p of s.slice(semi + 1).split(";")) {
      const eq = p.indexOf("=");
      const name = (eq < 0 ? p : p.slice(0, eq)).toLowerCase();
      if (!name) fault("empty tel parameter");
      params.append(name, eq < 0 ? null : p.slice(eq + 1));
    }
  }
  return { kind: "tel", scheme: "tel", number, params };
}

/** One step of %HH unescaping (malformed escapes are left as they are). */
export function unescapeUri(s: string): string {
  return unescapeOnce(s);
}

/** Serialize a URI back to text. */
export function formatUri(u: Uri): string {
  if (u.kind === "absolute") return `${u.scheme}:${u.opaque}`;
  if (u.kind === "tel") return `tel:${u.number}${formatUriParams(u.params)}`;
  let out = `${u.scheme}:`;
  if (u.user !== null) out += u.password !== null ? `${u.user}:${u.password}@` : `${u.user}@`;
  out += u.host;
  if (u.port !== null) out += `:${u.port}`;
  out += formatUriParams(u.params);
  if (u.headers.length > 0) out += `?${u.headers.map(([k, v]) => `${k}=${v}`).join("&")}`;
  return out;
}

function formatUriParams(p: Params): string {
  return p.toString();
}

/** Build a sip: URI from parts (user is escaped minimally: only what a user part cannot hold). */
export function sipUri(parts: {
  user?: string | null;
  host: string;
  port?: number | null;
  params?: Record<string, string | null>;
  scheme?: "sip" | "sips";
}): SipUri {
  return {
    kind: "sip",
    scheme: parts.scheme ?? "sip",
    user: parts.user == null ? null : parts.user.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, escapeChar),
    password: null,
    host: parts.host.includes(":") && !parts.host.startsWith("[") ? `[${parts.host}]` : parts.host,
    port: parts.port ?? null,
    params: new Params(Object.entries(parts.params ?? {})),
    headers: [],
  };
}

function escapeChar(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
}

// §19.1.4: these URI parameters, when present in either URI, must be present and equal in both.
const MUST_MATCH = ["user", "ttl", "method", "maddr", "transport"];

/**
 * RFC 3261 §19.1.4 URI equality: user and password compare case-sensitively after unescaping,
 * everything else case-insensitively; an explicit port never equals an absent one; user, ttl,
 * method, maddr and transport must match when either has them; other parameters compare
 * only when both have them; header components must all match.
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.kind !== b.kind || a.scheme !== b.scheme) return false;
  if (a.kind === "absolute") return a.opaque === (b as AbsoluteUri).opaque;
  if (a.kind === "tel") {
    const t = b as TelUri;
    return (
      a.number.replace(/[-.()]/g, "").toLowerCase() === t.number.replace(/[-.()]/g, "").toLowerCase() &&
      paramsEqual(a.params, t.params, true)
    );
  }
  const c = b as SipUri;
  if (nullableUnescape(a.user) !== nullableUnescape(c.user)) return false;
  if (nullableUnescape(a.password) !== nullableUnescape(c.password)) return false;
  if (unescapeUri(a.host).toLowerCase() !== unescapeUri(c.host).toLowerCase()) return false;
  if (a.port !== c.port) return false;
  for (const k of MUST_MATCH) {
    if (a.params.has(k) !== c.params.has(k)) return false;
  }
  if (!paramsEqual(a.params, c.params, false)) return false;
  if (a.headers.length !== c.headers.length) return false;
  const norm = (h: Array<[string, string]>) =>
    h.map(([k, v]) => `${unescapeUri(k).toLowerCase()}=${unescapeUri(v).toLowerCase()}`).sort();
  const ha = norm(a.headers);
  const hb = norm(c.headers);
  return ha.every((x, i) => x === hb[i]);
}

function nullableUnescape(s: string | null): string | null {
  return s === null ? null : unescapeUri(s);
}

/** Parameters present in both compare equal (case-insensitively); with `all`, presence must match too. */
function paramsEqual(a: Params, b: Params, all: boolean): boolean {
  if (all && a.size !== b.size) return false;
  for (const [k, v] of a) {
    if (!b.has(k)) {
      if (all) return false;
      continue;
    }
    const w = b.get(k) ?? null;
    if ((v === null) !== (w === null)) return false;
    if (v !== null && w !== null && unescapeUri(v).toLowerCase() !== unescapeUri(w).toLowerCase())
      return false;
  }
  return true;
}
