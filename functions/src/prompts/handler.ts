import { HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  type PromptResult,
  PromptsRequest,
  type PromptsResponse,
  type TextPrompt,
} from "@ringflow/flow/protocol";
import { writeWav } from "@ringflow/media";
import pino, { type Logger } from "pino";
import { badRequest } from "../errors.js";
import { normalizePrompt, promptKey } from "./key.js";
import type { SpeechRenderer } from "./renderer.js";

export interface PromptsDeps {
  s3: Pick<S3Client, "send">;
  bucket: string;
  renderer: SpeechRenderer;
  log?: Logger;
  /** The budget when a request names none (default 10 s). */
  defaultBudgetMs?: number;
  /** Renders at once (default 2: espeak-ng is one process per render, on 2 cores). */
  concurrency?: number;
}

const WAV_HEADER_BYTES = 44;
const audioMsOf = (wavBytes: number) => Math.max(0, (wavBytes - WAV_HEADER_BYTES) / 16);

/**
 * `ringflow-prompts`: renders text prompts into the prompts bucket under their hash key. A prompt
 * already there is `cached` after one HEAD; the rest are rendered (at most `concurrency` at
 * once) until the request's budget runs out, and what the budget did not cover is `timeout`
 * (the caller falls back: the edge plays nothing or reports the action failed; a publish
 * leaves it for the edge to render on demand).
 */
export function createPromptsHandler(deps: PromptsDeps): (event: unknown) => Promise<PromptsResponse> {
  const log = deps.log ?? pino({ level: "silent" });
  const engine = deps.renderer.engine;
  return async (event) => {
    const parsed = PromptsRequest.safeParse(event);
    if (!parsed.success)
      throw badRequest("not a prompts request", { issues: parsed.error.issues.slice(0, 10) });
    const started = performance.now();
    const deadline = started + (parsed.data.budgetMs ?? deps.defaultBudgetMs ?? 10_000);
    const unique = new Map<string, TextPrompt>();
    const keys = parsed.data.prompts.map((p) => {
      const key = promptKey(engine, p);
      unique.set(key, p);
      return key;
    });
    const done = new Map<string, PromptResult>();
    const queue = [...unique.entries()];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [key, prompt] = next;
        done.set(key, await one(key, prompt, deadline));
      }
    };
    await Promise.all(Array.from({ length: Math.min(queue.length, deps.concurrency ?? 2) }, worker));
    const results = keys.map((k) => done.get(k) as PromptResult);
    log.info(
      {
        engine,
        prompts: results.length,
        rendered: results.filter((r) => r.status === "rendered").length,
        cached: results.filter((r) => r.status === "cached").length,
        failed: results.filter((r) => r.status === "failed" || r.status === "timeout").length,
        tookMs: Math.round(performance.now() - started),
      },
      "prompts",
    );
    return { engine, results };
  };

  async function one(key: string, prompt: TextPrompt, deadline: number): Promise<PromptResult> {
    const t0 = performance.now();
    const took = () => Math.round((performance.now() - t0) * 10) / 10;
    const left = deadline - t0;
    if (left <= 0) return { key, status: "timeout", tookMs: 0 };
    const signal = AbortSignal.timeout(Math.ceil(left));
    try {
      const head = await deps.s3
        .send(new HeadObjectCommand({ Bucket: deps.bucket, Key: key }), { abortSignal: signal })
        .catch((err: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
          // Without s3:ListBucket (the functions' grant is GetObject/PutObject on the prefix), S3
          // answers a HEAD of a missing key 403, not 404: both mean "render it" (a real permission
          // problem then fails the PUT, and is reported).
          const status = err.$metadata?.httpStatusCode;
          if (err.name === "NotFound" || status === 404 || status === 403) return null;
          throw err;
        });
      if (head) return { key, status: "cached", audioMs: audioMsOf(head.ContentLength ?? 0), tookMs: took() };
      const pcm = await deps.renderer.render(normalizePrompt(prompt), signal);
      const wav = writeWav(pcm);
      await deps.s3.send(
        new PutObjectCommand({ Bucket: deps.bucket, Key: key, Body: wav, ContentType: "audio/wav" }),
        { abortSignal: signal },
      );
      return { key, status: "rendered", audioMs: audioMsOf(wav.length), tookMs: took() };
    } catch (err) {
      if (signal.aborted) return { key, status: "timeout", tookMs: took() };
      log.warn({ err, key }, "prompt render failed");
      return {
        key,
        status: "failed",
        tookMs: took(),
        error: String((err as Error).message ?? err).slice(0, 500),
      };
    }
  }
}
