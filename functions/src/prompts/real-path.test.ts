// The prompts function on the real path: s3rver as the bucket, the local Invoke endpoint, the
// SDK's Lambda client, espeak-ng rendering.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { PromptsResponse } from "@ringflow/flow/protocol";
import { levelDb, readWav } from "@ringflow/media";
import { FUNCTION_NAMES } from "@ringflow/names";
import { describeWithTools } from "@ringflow/testkit";
import { localLambdaClient, localS3Client } from "../local/clients.js";
import { type RunningInvokeServer, startInvokeServer } from "../local/invoke-server.js";
import { PROMPT_BUCKET, type RunningS3, startS3 } from "../local/s3.js";
import { EspeakRenderer } from "./espeak.js";
import { createPromptsHandler } from "./handler.js";
import { renderPromptsOnPublish } from "./publish.js";

describeWithTools(["espeak-ng"], "prompts function through the Invoke API into s3rver", () => {
  const dir = mkdtempSync(join(tmpdir(), "ringflow-prompts-"));
  let s3srv: RunningS3;
  let invoke: RunningInvokeServer;
  let lambda: LambdaClient;
  let s3: S3Client;

  beforeAll(async () => {
    s3srv = await startS3({ directory: dir });
    s3 = localS3Client(s3srv.endpoint);
    const functions = new Map([
      [
        FUNCTION_NAMES.prompts,
        createPromptsHandler({ s3, bucket: PROMPT_BUCKET, renderer: new EspeakRenderer() }) as (
          e: unknown,
        ) => Promise<unknown>,
      ],
    ]);
    invoke = await startInvokeServer({ functions });
    lambda = localLambdaClient(invoke.endpoint);
  }, 20_000);

  afterAll(async () => {
    await invoke?.close();
    await s3srv?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (payload: unknown) => {
    const r = await lambda.send(
      new InvokeCommand({ FunctionName: FUNCTION_NAMES.prompts, Payload: JSON.stringify(payload) }),
    );
    const body = JSON.parse(new TextDecoder().decode(r.Payload));
    return { error: r.FunctionError, body: body as PromptsResponse };
  };

  test("renders speech to an 8 kHz mono WAV under the hash key, then answers from the bucket", async () => {
    const prompt = { text: "For sales press one. For support press two.", language: "en-US" };
    const first = await call({ v: 1, prompts: [prompt, prompt] });
    expect(first.error).toBeUndefined();
    expect(first.body.results[0]?.error).toBeUndefined();
    expect(first.body.engine).toBe("espeak");
    const [a, b] = first.body.results;
    expect(a).toMatchObject({ status: "rendered", key: expect.stringMatching(/^prompts\/tts\/espeak\//) });
    expect(b).toEqual(a);
    // About 2-4 s of speech for eight words.
    expect(a?.audioMs).toBeGreaterThan(1500);
    expect(a?.audioMs).toBeLessThan(5000);

    const obj = await s3.send(new GetObjectCommand({ Bucket: PROMPT_BUCKET, Key: a?.key }));
    const wav = await obj.Body?.transformToByteArray();
    const audio = readWav(wav as Uint8Array);
    expect(audio).toMatchObject({ sourceRate: 8000, sourceChannels: 1 });
    expect(obj.ContentType).toBe("audio/wav");
    // Speech energy: well above silence over the whole prompt.
    expect(levelDb(audio.pcm)).toBeGreaterThan(-35);

    const again = await call({ v: 1, prompts: [prompt] });
    expect(again.body.results[0]).toMatchObject({ status: "cached", key: a?.key });
  }, 20_000);

  test("a budget too short for the text is a timeout, not a wait", async () => {
    const long = { text: "This is a long text that takes espeak a while to speak. ".repeat(6) };
    const r = await call({ v: 1, prompts: [long], budgetMs: 50 });
    expect(r.body.results[0]?.status).toBe("timeout");
    // Nothing half-rendered was stored: asked again with time, it renders (not `cached`).
    const again = await call({ v: 1, prompts: [long], budgetMs: 25_000 });
    expect(again.body.results[0]?.status).toBe("rendered");
  }, 30_000);

  test("an unknown language fails that prompt only; a malformed request is a function error", async () => {
    const r = await call({ v: 1, prompts: [{ text: "hello", language: "qq-ZZ" }, { text: "hello" }] });
    expect(r.body.results.map((x) => x.status)).toEqual(["failed", expect.stringMatching(/rendered|cached/)]);
    expect((await call({ v: 1, prompts: [] })).error).toBe("Unhandled");
  }, 20_000);

  test("the publish hook renders every text prompt of a flow through the function", async () => {
    const doc = {
      version: 1,
      name: "t",
      entry: "s",
      nodes: {
        s: { type: "start", next: "p" },
        p: { type: "play", prompt: { text: "Thanks for calling." }, next: "h" },
        h: { type: "hangup" },
      },
    };
    await renderPromptsOnPublish({ lambda })({ tenantId: "t", flowId: "f", version: 1, doc });
    const r = await call({ v: 1, prompts: [{ text: "Thanks for calling.", language: "en-US" }] });
    expect(r.body.results[0]?.status).toBe("cached");
  }, 20_000);
});
