import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpInvoker } from "./invoker.js";

// The signed HTTP client against a bare HTTP server that plays the Invoke API's answers:
// what it sends (path, signed headers, credentials) and how it reads what comes back.

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

async function apiServer(answer: (url: string) => Answer) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      seen.push({ url: req.url ?? "", headers: req.headers, body });
      const a = answer(req.url ?? "");
      res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test("signs each request with the provider's keys and sends the session token", async () => {
  const api = await apiServer(() => ({ status: 200, body: '{"ok":1}' }));
  let asked = 0;
  const invoker = new HttpInvoker(api.url, "eu-west-1", async () => {
    asked++;
    return { accessKeyId: "ASIATEST", secretAccessKey: "s", sessionToken: "tok" };
  });
  try {
    const r = await invoker.invoke("arn:aws:lambda:eu-west-1:1:function:rf", '{"v":1}');
    expect(r).toEqual({ ok: true, payload: '{"ok":1}', functionError: undefined });
    await invoker.invoke("arn:aws:lambda:eu-west-1:1:function:rf", '{"v":2}');
    const [first] = api.seen;
    expect(first?.url).toBe(
      "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A1%3Afunction%3Arf/invocations",
    );
    expect(first?.body).toBe('{"v":1}');
    expect(first?.headers["x-amz-security-token"]).toBe("tok");
    expect(first?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIATEST\/\d{8}\/eu-west-1\/lambda\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    // keys without an expiry are asked for once
    expect(asked).toBe(1);
  } finally {
    await invoker.close();
    await api.close();
  }
});

test("keys about to expire are asked for again before the next request", async () => {
  const api = await apiServer(() => ({ status: 200, body: "{}" }));
  const keys = ["K1", "K2", "K3"];
  let i = 0;
  const invoker = new HttpInvoker(api.url, "us-east-1", async () => ({
    accessKeyId: keys[i++] as string,
    secretAccessKey: "s",
    // 30 s left: inside the one-minute margin, so every request refreshes
    expiration: new Date(Date.now() + 30_000),
  }));
  try {
    await invoker.invoke("f", "{}");
    await invoker.invoke("f", "{}");
    expect(api.seen.map((s) => /Credential=(\w+)\//.exec(s.headers.authorization ?? "")?.[1])).toEqual([
      "K1",
      "K2",
    ]);
  } finally {
    await invoker.close();
    await api.close();
  }
});

test("API errors carry their type; a function's own error is a payload with FunctionError", async () => {
  const api = await apiServer(
    (url): Answer =>
      url.includes("busy")
        ? {
            status: 429,
            headers: { "x-amzn-errortype": "TooManyRequestsException:http://internal.amazon.com/" },
            body: '{"message":"Rate exceeded"}',
          }
        : url.includes("broken")
          ? { status: 200, headers: { "x-amz-function-error": "Unhandled" }, body: '{"errorMessage":"boom"}' }
          : { status: 502, body: "bad gateway" },
  );
  const invoker = new HttpInvoker(api.url, "us-east-1", async () => ({
    accessKeyId: "a",
    secretAccessKey: "s",
  }));
  try {
    expect(await invoker.invoke("busy", "{}")).toEqual({
      ok: false,
      error: "TooManyRequestsException",
      message: '{"message":"Rate exceeded"}',
    });
    expect(await invoker.invoke("broken", "{}")).toEqual({
      ok: true,
      payload: '{"errorMessage":"boom"}',
      functionError: "Unhandled",
    });
    expect(await invoker.invoke("other", "{}")).toMatchObject({ ok: false, error: "http_502" });
  } finally {
    await invoker.close();
    await api.close();
  }
});

test("a refused connection is an error value, not a throw", async () => {
  const invoker = new HttpInvoker("http://127.0.0.1:9", "us-east-1", async () => ({
    accessKeyId: "a",
    secretAccessKey: "s",
  }));
  try {
    expect(await invoker.invoke("f", "{}")).toMatchObject({ ok: false, error: "ECONNREFUSED" });
  } finally {
    await invoker.close();
  }
});
