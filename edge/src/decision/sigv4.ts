import { createHmac, hash } from "node:crypto";
import { isoTime } from "../iso-time.js";

// AWS Signature Version 4 for the one request shape the edge sends (POST of a JSON body to the
// Lambda Invoke API), written out because the SDK's generic signer was a third of the edge's
// CPU per call (`pnpm bench edge`, edge/README.md). The test signs the same requests with the
// SDK's own signer (@smithy/signature-v4) and expects the same Authorization header.

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export type SignedHeaders = {
  "content-type": string;
  "x-amz-date": string;
  "x-amz-security-token"?: string;
  authorization: string;
};

const ALGORITHM = "AWS4-HMAC-SHA256";

/** `20261125T093000Z` from epoch milliseconds. */
export function amzDate(ms: number): string {
  const iso = isoTime(ms); // 2026-11-25T09:30:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** RFC 3986 escaping as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The request path of a function's Invoke API (the name may be an ARN: its colons are escaped). */
export function invokePath(functionName: string): string {
  return `/2015-03-31/functions/${escapeUri(functionName)}/invocations`;
}

/** SigV4's canonical URI for services other than S3: every path segment escaped once more. */
function canonicalPath(path: string): string {
  return path
    .split("/")
    .map((seg) => escapeUri(seg))
    .join("/");
}

/** One-shot hashing: no Hash object per call (`crypto.hash`, Node >= 20.12). */
const sha256Hex = (data: string): string => hash("sha256", data, "hex");

export class SigV4Signer {
  private keyScope = "";
  private key: Buffer = Buffer.alloc(0);

  constructor(
    private readonly region: string,
    private readonly service: string,
  ) {}

  /** The HMAC key of a day, region and service: derived once per day (and per secret). */
  private signingKey(secret: string, day: string): Buffer {
    const scope = `${day}\n${secret}`;
    if (scope !== this.keyScope) {
      const kDate = createHmac("sha256", `AWS4${secret}`).update(day).digest();
      const kRegion = createHmac("sha256", kDate).update(this.region).digest();
      const kService = createHmac("sha256", kRegion).update(this.service).digest();
      this.key = createHmac("sha256", kService).update("aws4_request").digest();
      this.keyScope = scope;
    }
    return this.key;
  }

  /**
   * Headers that authenticate `POST host path` with `body` (content-type, host, x-amz-date and
   * the session token are signed; `host` itself is sent by the HTTP client).
   */
  sign(
    creds: Credentials,
    host: string,
    path: string,
    body: string,
    nowMs: number,
    contentType = "application/json",
  ): SignedHeaders {
    const date = amzDate(nowMs);
    const day = date.slice(0, 8);
    const token = creds.sessionToken;
    const signedNames = token
      ? "content-type;host;x-amz-date;x-amz-security-token"
      : "content-type;host;x-amz-date";
    const canonical =
      `POST\n${canonicalPath(path)}\n\ncontent-type:${contentType}\nhost:${host}\nx-amz-date:${date}\n` +
      (token ? `x-amz-security-token:${token}\n` : "") +
      `\n${signedNames}\n${sha256Hex(body)}`;
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const toSign = `${ALGORITHM}\n${date}\n${scope}\n${sha256Hex(canonical)}`;
    const signature = createHmac("sha256", this.signingKey(creds.secretAccessKey, day))
      .update(toSign)
      .digest("hex");
    const headers: SignedHeaders = {
      "content-type": contentType,
      "x-amz-date": date,
      authorization: `${ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedNames}, Signature=${signature}`,
    };
    if (token) headers["x-amz-security-token"] = token;
    return headers;
  }
}
