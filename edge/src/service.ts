import { readFile } from "node:fs/promises";
import { LOCAL_INVOKE } from "@ringflow/names";
import type { EdgeConfig } from "./config.js";
import { DecisionClient } from "./decision/client.js";
import { makeInvoker } from "./decision/invoker.js";
import type { Credentials } from "./decision/sigv4.js";
import { Edge } from "./edge.js";
import type { Logger } from "./log.js";
import { type RunningMedia, startMedia } from "./media/start.js";
import { LambdaTraceSink, MemoryTraceSink, type TraceSinkPort } from "./trace/sink.js";

// Wires an edge to the Lambda Invoke API (decisions and trace writes) and starts it.

export interface RunningEdge {
  edge: Edge;
  traces: TraceSinkPort;
  /** The media adapters (absent with --media off). */
  media?: RunningMedia;
  close(): Promise<void>;
}

/**
 * The local stack's Invoke secret, read when first needed (the functions process writes it on its
 * first start, which may finish after the edge starts) and then kept.
 */
function secretFileCredentials(file: string): () => Promise<Credentials> {
  let creds: Credentials | undefined;
  return async () => {
    if (creds) return creds;
    const secret = (await readFile(file, "utf8")).trim();
    creds = { accessKeyId: LOCAL_INVOKE.accessKeyId, secretAccessKey: secret };
    return creds;
  };
}

export async function startEdge(config: EdgeConfig, opts: { log?: Logger } = {}): Promise<RunningEdge> {
  // Two clients: a decision's HTTP request is abandoned soon after its budget; trace writes
  // (big batches) get longer.
  const local = config.invokeSecretFile
    ? { localCredentials: secretFileCredentials(config.invokeSecretFile) }
    : {};
  const lambda = makeInvoker(config.invokeClient, {
    endpoint: config.invokeEndpoint,
    region: config.region,
    requestTimeoutMs: config.decisionBudgetMs + 100,
    ...local,
  });
  const traceLambda = makeInvoker(config.invokeClient, {
    endpoint: config.invokeEndpoint,
    region: config.region,
    ...local,
  });
  const decisions = new DecisionClient(lambda, config.decisionFunction, config.decisionBudgetMs);
  const traces = config.traces
    ? new LambdaTraceSink(traceLambda, config.tracesFunction, {
        batchSize: config.traceBatchSize,
        flushMs: config.traceFlushMs,
        bufferMax: config.traceBufferMax,
      })
    : new MemoryTraceSink(false);
  const media = config.media ? startMedia(config, traceLambda) : undefined;
  const edge = new Edge(config, {
    decisions,
    traces,
    ...(opts.log ? { log: opts.log } : {}),
    ...(media ? { executor: media.executor } : {}),
  });
  await edge.start();
  return {
    edge,
    traces,
    ...(media ? { media } : {}),
    close: async () => {
      await edge.close();
      media?.close();
      await Promise.all([lambda.close(), traceLambda.close()]);
    },
  };
}
