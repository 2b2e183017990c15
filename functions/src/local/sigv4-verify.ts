import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

// Checks an AWS Signature Version 4 on a request to the local Invoke endpoint, as Lambda does on
// AWS: without it any process on the machine could invoke the local functions (forge a decision,
// a trace, a prompt render). The edge's hand-written signer (edge/src/decision/sigv4.ts) and the
// SDK's both sign this way, so both pass; what is checked is the whole canonical request over the
// headers the client signed, the body's hash, the key id, and the clock (5 minutes, as AWS).

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const MAX_SKEW_MS = 5 * 60_000;

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 escaping as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const escapeUri = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `20261205T030000Z` -> epoch ms, or NaN. */
function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v.join(",") : v;
};

/** undefined = signed with these credentials, within the clock skew; otherwise why not. */
export function sigV4Problem(
  req: { method: string; url: string; headers: IncomingHttpHeaders },
  body: Buffer,
  creds: LocalCredentials,
  now: number,
): string | undefined {
  const auth = header(req.headers, "authorization");
  const m =
    auth &&
    /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return "missing or malformed Authorization";
  const [, credential = "", signedList = "", signature = ""] = m;
  const [keyId, day, region, service, terminator] = credential.split("/");
  if (keyId !== creds.accessKeyId) return "unknown access key";
  if (!day || !region || !service || terminator !== "aws4_request") return "malformed credential scope";
  const amzDate = header(req.headers, "x-amz-date") ?? "";
  const at = parseAmzDate(amzDate);
  if (!(Math.abs(now - at) <= MAX_SKEW_MS)) return "request time too skewed";
  if (!amzDate.startsWith(day)) return "credential scope date mismatch";
  const signed = signedList.split(";");
  if (!signed.includes("host") || !signed.includes("x-amz-date")) return "host and x-amz-date must be signed";
  const payloadHash = sha256(body);
  const claimed = header(req.headers, "x-amz-content-sha256");
  if (claimed !== undefined && claimed !== payloadHash) return "payload hash mismatch";

  const [path = "/", query = ""] = req.url.split("?", 2);
  let canonicalQuery: string;
  try {
    canonicalQuery = query
      .split("&")
      .filter(Boolean)
      .map((kv) => {
        const [k = "", v = ""] = kv
          .split("=", 2)
          .map((x) => escapeUri(decodeURIComponent(x.replace(/\+/g, " "))));
        return `${k}=${v}`;
      })
      .sort()
      .join("&");
  } catch {
    return "malformed query";
  }
  const canonicalHeaders = signed
    .map((n) => `${n}:${(header(req.headers, n) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonical = [
    req.method,
    // Services other than S3: every path segment escaped once more than on the wire.
    path
      .split("/")
      .map((seg) => escapeUri(seg))
      .join("/"),
    canonicalQuery,
    canonicalHeaders,
    signedList,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), region), service), "aws4_request");
  const expected = createHmac("sha256", key).update(toSign).digest();
  const got = Buffer.from(signature, "hex");
  return got.length === expected.length && timingSafeEqual(got, expected) ? undefined : "signature mismatch";
}
