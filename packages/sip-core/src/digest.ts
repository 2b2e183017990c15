// HTTP Digest authentication as a client (RFC 3261 §22, RFC 2617, RFC 7616 SHA-256): answer
// a 401/407 challenge from an upstream trunk.
import { createHash, randomBytes } from "node:crypto";
import { newBranch } from "./builders.js";
import { quote, quotedEnd, skipWs, unquote } from "./chars.js";
import type { SipRequest, SipResponse } from "./message.js";

export interface DigestChallenge {
  scheme: string;
  realm: string;
  nonce: string;
  opaque: string | null;
  algorithm: string;
  qop: string[];
  stale: boolean;
}

export interface Credentials {
  username: string;
  password: string;
  /** Only answer challenges for this realm (any realm when absent). */
  realm?: string;
}

/** Parse a WWW-Authenticate / Proxy-Authenticate value; null when not a Digest challenge. */
export function parseChallenge(value: string): DigestChallenge | null {
  const sp = value.search(/\s/);
  if (sp < 0 || value.slice(0, sp).toLowerCase() !== "digest") return null;
  const p = new Map<string, string>();
  let i = sp;
  while (i < value.length) {
    i = skipWs(value, i);
    const eq = value.indexOf("=", i);
    if (eq < 0) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    let j = skipWs(value, eq + 1);
    let v: string;
    if (value[j] === '"') {
      const q = quotedEnd(value, j);
      if (q < 0) return null;
      v = unquote(value.slice(j, q));
      j = q;
    } else {
      const c = value.indexOf(",", j);
      v = value.slice(j, c < 0 ? value.length : c).trim();
      j = c < 0 ? value.length : c;
    }
    p.set(name, v);
    j = skipWs(value, j);
    i = value[j] === "," ? j + 1 : j;
  }
  const realm = p.get("realm");
  const nonce = p.get("nonce");
  if (realm === undefined || nonce === undefined) return null;
  return {
    scheme: "Digest",
    realm,
    nonce,
    opaque: p.get("opaque") ?? null,
    algorithm: p.get("algorithm") ?? "MD5",
    qop: (p.get("qop") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    stale: (p.get("stale") ?? "").toLowerCase() === "true",
  };
}

function hashFor(algorithm: string): (s: string) => string {
  const a = algorithm.toUpperCase().replace(/-SESS$/, "");
  const name = a === "SHA-256" ? "sha256" : a === "SHA-512-256" ? "sha512-256" : "md5";
  return (s) => createHash(name).update(s, "utf8").digest("hex");
}

/**
 * The Authorization / Proxy-Authorization value answering `ch` for `method` `uri`.
 * `cnonce`/`nc` are injectable for tests.
 */
export function digestAuthorization(
  ch: DigestChallenge,
  cred: Credentials,
  method: string,
  uri: string,
  opts: { cnonce?: string; nc?: number; body?: Buffer } = {},
): string {
  const H = hashFor(ch.algorithm);
  const cnonce = opts.cnonce ?? randomBytes(8).toString("hex");
  const nc = (opts.nc ?? 1).toString(16).padStart(8, "0");
  let ha1 = H(`${cred.username}:${ch.realm}:${cred.password}`);
  if (/-sess$/i.test(ch.algorithm)) ha1 = H(`${ha1}:${ch.nonce}:${cnonce}`);
  const qop = ch.qop.includes("auth") ? "auth" : ch.qop.includes("auth-int") ? "auth-int" : null;
  const ha2 =
    qop === "auth-int"
      ? H(`${method}:${uri}:${H((opts.body ?? Buffer.alloc(0)).toString("latin1"))}`)
      : H(`${method}:${uri}`);
  const response = qop
    ? H(`${ha1}:${ch.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : H(`${ha1}:${ch.nonce}:${ha2}`);
  let out = `Digest username=${quote(cred.username)}, realm=${quote(ch.realm)}, nonce=${quote(ch.nonce)}, uri=${quote(uri)}, response=${quote(response)}, algorithm=${ch.algorithm}`;
  if (qop) out += `, qop=${qop}, nc=${nc}, cnonce=${quote(cnonce)}`;
  if (ch.opaque !== null) out += `, opaque=${quote(ch.opaque)}`;
  return out;
}

/**
 * A copy of `req` answering the 401/407 `res`: Authorization (401) or Proxy-Authorization
 * (407) for every challenge we can answer, CSeq one higher, a new branch (§22.2). Null when
 * nothing could be answered (no Digest challenge, or a realm we have no credentials for).
 */
export function authorizeRequest(req: SipRequest, res: SipResponse, cred: Credentials): SipRequest | null {
  const proxy = res.status === 407;
  const challenges = res.getAll(proxy ? "proxy-authenticate" : "www-authenticate");
  const lines: string[] = [];
  for (const c of challenges) {
    const ch = parseChallenge(c);
    if (!ch || (cred.realm !== undefined && cred.realm !== ch.realm)) continue;
    lines.push(digestAuthorization(ch, cred, req.method, req.uri, { body: req.body }));
  }
  if (lines.length === 0) return null;
  const next = req.clone();
  next.remove("via");
  const cseq = req.cseq;
  next.set("CSeq", `${cseq.seq + 1} ${cseq.method}`);
  const name = proxy ? "Proxy-Authorization" : "Authorization";
  next.set(name, undefined);
  for (const l of lines) next.add(name, l);
  const top = req.via[0];
  if (top) {
    const v = `SIP/2.0/${top.transport} ${top.host}${top.port ? `:${top.port}` : ""};branch=${newBranch()}${top.params.has("rport") ? ";rport" : ""}`;
    next.prepend("Via", v);
  }
  return next;
}
