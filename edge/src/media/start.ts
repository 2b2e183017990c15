import type { EdgeConfig } from "../config.js";
import type { Invoker } from "../decision/invoker.js";
import { CaptureBudget, DEFAULT_CAPTURE_LIMITS } from "./capture.js";
import { MediaExecutor } from "./executor.js";
import { Pacer } from "./pacer.js";
import { RtpPortPool } from "./ports.js";
import { PromptSource } from "./prompts.js";
import { type ObjectStore, S3ObjectStore } from "./s3.js";

// The edge's media, wired from its config: one port pool, one pacer (the process's pacing
// timer), one prompt cache, the S3 buckets, and the executor the call layer hands media actions.

export interface RunningMedia {
  executor: MediaExecutor;
  pool: RtpPortPool;
  pacer: Pacer;
  prompts: PromptSource;
  close(): void;
}

export function startMedia(config: EdgeConfig, invoker: Invoker, store?: ObjectStore): RunningMedia {
  const s3 = store ? undefined : new S3ObjectStore({ endpoint: config.s3Endpoint, region: config.region });
  const objects = store ?? (s3 as S3ObjectStore);
  const pool = new RtpPortPool(config.rtpPorts, config.host);
  const pacer = new Pacer();
  const prompts = new PromptSource({
    store: objects,
    bucket: config.promptsBucket,
    invoker,
    promptsFunction: config.promptsFunction,
    cacheBytes: config.promptCacheBytes,
    renderBudgetMs: config.promptRenderBudgetMs,
  });
  const executor = new MediaExecutor({
    pool,
    pacer,
    prompts,
    recordings: { store: objects, bucket: config.recordingsBucket },
    mediaAddress: config.advertisedHost,
    advertised: { host: config.advertisedHost, port: config.advertisedPort },
    leadInMs: config.leadInMs,
    inactivityMs: config.rtpTimeoutSec * 1000,
    holdTimeoutMs: config.rtpHoldTimeoutSec * 1000,
    unheardSendMs: config.rtpUnheardSendMs,
    retryAfterSec: config.retryAfterSec,
    // 0 turns capture off for the task, whatever the flows ask (an operator's switch).
    ...(config.rtpCaptureBytes > 0
      ? { capture: { limits: DEFAULT_CAPTURE_LIMITS, budget: new CaptureBudget(config.rtpCaptureBytes) } }
      : {}),
  });
  return {
    executor,
    pool,
    pacer,
    prompts,
    close: () => {
      pacer.stop();
      s3?.close();
    },
  };
}
