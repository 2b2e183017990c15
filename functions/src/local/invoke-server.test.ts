import { InvokeCommand } from "@aws-sdk/client-lambda";
import { localLambdaClient } from "./clients.js";
import { type LambdaFunction, type RunningInvokeServer, startInvokeServer } from "./invoke-server.js";

// The local Invoke endpoint checks SigV4 as Lambda does when the stack has a secret: the SDK
// signing with it is served; unsigned, wrongly keyed, tampered or stale requests get 403.

const CREDS = { accessKeyId: "ringflow-local", secretAccessKey: "a".repeat(64) };
const calls: unknown[] = [];
const functions = new Map<string, LambdaFunction>([
  [
    "ringflow-decision",
    async (e) => {
      calls.push(e);
      return { ok: true };
    },
  ],
]);
let server: RunningInvokeServer;
beforeAll(async () => {
  server = await startInvokeServer({ functions, credentials: CREDS });
});
afterAll(() => server.close());
beforeEach(() => {
  calls.length = 0;
});

const invoke = (creds: typeof CREDS, name = "ringflow-decision") =>
  localLambdaClient(server.endpoint, { credentials: creds }).send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"v":1}') }),
  );

test("an invoke signed with the stack's secret is served (names as ARNs too)", async () => {
  const r = await invoke(CREDS);
  expect(JSON.parse(Buffer.from(r.Payload!).toString())).toEqual({ ok: true });
  await invoke(CREDS, "arn:aws:lambda:us-east-1:000000000000:function:ringflow-decision");
  expect(calls).toEqual([{ v: 1 }, { v: 1 }]);
});

test("a forged invoke is 403 and runs nothing: unsigned, another secret, another key id", async () => {
  const unsigned = await fetch(`${server.endpoint}/2015-03-31/functions/ringflow-decision/invocations`, {
    method: "POST",
    body: '{"v":1,"type":"call.new"}',
  });
  expect(unsigned.status).toBe(403);
  await expect(invoke({ ...CREDS, secretAccessKey: "local" })).rejects.toMatchObject({
    name: "InvalidSignatureException",
  });
  await expect(invoke({ accessKeyId: "local", secretAccessKey: "local" })).rejects.toMatchObject({
    $metadata: { httpStatusCode: 403 },
  });
  expect(calls).toEqual([]);
});

test("a signed request replayed with another body, or too late, is 403", async () => {
  // One genuine signed invoke; its headers are recorded and replayed with another body.
  let seen: Record<string, string> | undefined;
  const record = (req: { headers: unknown }) => {
    seen ??= req.headers as Record<string, string>;
  };
  server.server.prependListener("request", record);
  await invoke(CREDS);
  server.server.removeListener("request", record);
  expect(calls).toHaveLength(1);
  const signed = Object.fromEntries(
    Object.entries(seen!).filter(
      ([k]) => k === "authorization" || k.startsWith("x-amz") || k === "content-type",
    ),
  );
  const replay = await fetch(`${server.endpoint}/2015-03-31/functions/ringflow-decision/invocations`, {
    method: "POST",
    headers: signed,
    body: '{"v":2,"forged":true}',
  });
  expect(replay.status).toBe(403);
  const late = await startInvokeServer({
    functions,
    credentials: CREDS,
    now: () => Date.now() + 10 * 60_000,
  });
  try {
    await expect(
      localLambdaClient(late.endpoint, { credentials: CREDS }).send(
        new InvokeCommand({ FunctionName: "ringflow-decision", Payload: Buffer.from("{}") }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  } finally {
    await late.close();
  }
  expect(calls).toHaveLength(1);
});
