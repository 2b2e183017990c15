import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type LocalCredentials, sigV4Problem } from "./sigv4-verify.js";

/** A function as the Lambda runtime calls it: the decoded JSON payload in, a JSON-able result out. */
export type LambdaFunction = (event: unknown) => Promise<unknown>;

export interface RunningInvokeServer {
  endpoint: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** `arn:aws:lambda:r:acct:function:name[:qualifier]`, `name:qualifier` or `name` -> name. */
export function functionNameOf(raw: string): string {
  const decoded = decodeURIComponent(raw);
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::.+)?$/.exec(decoded);
  if (arn?.[1]) return arn[1];
  return decoded.split(":")[0] ?? decoded;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * The Lambda Invoke API on a local port, enough for @aws-sdk/client-lambda: RequestResponse
 * (200 with the result; a thrown handler is 200 + `X-Amz-Function-Error: Unhandled`, which the
 * SDK reports as FunctionError), Event (202) and DryRun (204); an unknown name is 404
 * ResourceNotFoundException. `POST /echo` is a bare HTTP echo (the benchmark's baseline) and
 * `GET /health` the health check.
 */
export function startInvokeServer(opts: {
  functions: Map<string, LambdaFunction>;
  port?: number;
  host?: string;
  onError?: (name: string, err: unknown) => void;
  /**
   * Invokes must be SigV4-signed with these (403 otherwise), as on AWS: another process on the
   * machine cannot invoke the functions without the stack's secret. Absent: not checked.
   */
  credentials?: LocalCredentials;
  now?: () => number;
}): Promise<RunningInvokeServer> {
  const server = createServer(async (req, res) => {
    try {
      const url = req.url ?? "/";
      if (req.method === "GET" && url === "/health") return send(res, 200, '{"ok":true}');
      if (req.method === "POST" && url === "/echo") {
        const body = await readBody(req);
        return send(res, 200, body.toString("utf8"));
      }
      const m = INVOKE_PATH.exec(url.split("?")[0] ?? "");
      if (req.method !== "POST" || !m?.[1]) return send(res, 404, '{"message":"not found"}');
      const body = await readBody(req);
      if (opts.credentials) {
        const problem = sigV4Problem(
          { method: req.method, url, headers: req.headers },
          body,
          opts.credentials,
          (opts.now ?? Date.now)(),
        );
        if (problem)
          return send(
            res,
            403,
            JSON.stringify({ message: `The request signature is not valid: ${problem}` }),
            {
              "x-amzn-errortype": "InvalidSignatureException",
            },
          );
      }
      const name = functionNameOf(m[1]);
      const fn = opts.functions.get(name);
      if (!fn) {
        return send(res, 404, JSON.stringify({ Type: "User", message: `Function not found: ${name}` }), {
          "x-amzn-errortype": "ResourceNotFoundException",
        });
      }
      let event: unknown;
      try {
        event = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
      } catch {
        return send(
          res,
          400,
          JSON.stringify({ Type: "User", message: "Could not parse request body into json" }),
          {
            "x-amzn-errortype": "InvalidRequestContentException",
          },
        );
      }
      const type = String(req.headers["x-amz-invocation-type"] ?? "RequestResponse");
      if (type === "DryRun") return send(res, 204, "");
      if (type === "Event") {
        fn(event).catch((err) => opts.onError?.(name, err));
        return send(res, 202, "");
      }
      try {
        const result = await fn(event);
        return send(res, 200, JSON.stringify(result ?? null), { "x-amz-executed-version": "$LATEST" });
      } catch (err) {
        opts.onError?.(name, err);
        const e = err instanceof Error ? err : new Error(String(err));
        // Like the Lambda runtime: the error's type and message, no stack to the caller.
        return send(res, 200, JSON.stringify({ errorType: e.name, errorMessage: e.message }), {
          "x-amz-function-error": "Unhandled",
          "x-amz-executed-version": "$LATEST",
        });
      }
    } catch (err) {
      opts.onError?.("invoke-server", err);
      if (!res.headersSent) send(res, 500, '{"message":"internal error"}');
    }
  });
  server.keepAliveTimeout = 60_000;
  const host = opts.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        endpoint: `http://${host}:${port}`,
        port,
        server,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
