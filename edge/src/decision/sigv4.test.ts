import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { amzDate, invokePath, SigV4Signer } from "./sigv4.js";

// The edge's signer must produce exactly what the SDK's own signer produces for the same
// request, or AWS refuses every decision.

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === "string"
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

/** The SDK's Node hash shape (what `@smithy/hash-node` gives the Lambda client). */
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

const cases = [
  { name: "a plain function name, long-term keys", fn: "ringflow-decision", token: undefined },
  { name: "an ARN with a qualifier", fn: "arn:aws:lambda:eu-west-1:123456789012:function:rf-decision:live" },
  {
    name: "temporary credentials (ECS task role)",
    fn: "ringflow-traces",
    token: "IQoJb3JpZ2luX2VjE//tok+en=",
  },
] as const;

test.each(cases)("signs like @smithy/signature-v4: $name", async ({ fn, ...rest }) => {
  const token = "token" in rest ? rest.token : undefined;
  const creds = {
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    ...(token ? { sessionToken: token } : {}),
  };
  const region = "eu-west-1";
  const host = `lambda.${region}.amazonaws.com`;
  const body = JSON.stringify({ v: 1, type: "call.new", call: { id: "c-1", from: "<sip:ä@x>" } });
  const now = Date.UTC(2026, 10, 25, 9, 30, 7, 123);
  const path = invokePath(fn);
  const ours = new SigV4Signer(region, "lambda").sign(creds, host, path, body, now);

  // applyChecksum off: the SDK would also sign an x-amz-content-sha256 header, which only S3
  // requires; the edge leaves it out (the payload hash is in the signature either way).
  const sdk = new SignatureV4({
    credentials: creds,
    region,
    service: "lambda",
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await sdk.sign(
    {
      method: "POST",
      protocol: "https:",
      hostname: host,
      path,
      query: {},
      headers: {
        host,
        "content-type": "application/json",
        "x-amz-date": amzDate(now),
        ...(token ? { "x-amz-security-token": token } : {}),
      },
      body,
    },
    { signingDate: new Date(now) },
  );
  expect(ours.authorization).toBe(signed.headers.authorization);
  expect(ours["x-amz-date"]).toBe("20261125T093007Z");
  expect(ours["x-amz-security-token"]).toBe(token);
});

test("an ARN's colons are escaped in the request path", () => {
  expect(invokePath("arn:aws:lambda:us-east-1:1:function:f")).toBe(
    "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations",
  );
});

test("the signing key is derived again when the day changes", () => {
  const signer = new SigV4Signer("us-east-1", "lambda");
  const creds = { accessKeyId: "A", secretAccessKey: "S" };
  const a = signer.sign(creds, "h", "/p", "{}", Date.UTC(2026, 10, 25, 23, 59, 59));
  const b = signer.sign(creds, "h", "/p", "{}", Date.UTC(2026, 10, 26, 0, 0, 1));
  expect(a.authorization).toContain("/20261125/us-east-1/lambda/aws4_request");
  expect(b.authorization).toContain("/20261126/us-east-1/lambda/aws4_request");
});
