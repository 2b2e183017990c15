import type { EdgeConfig } from "./config.js";
import { DecisionClient } from "./decision/client.js";
import { makeInvoker } from "./decision/invoker.js";
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

export async function startEdge(config: EdgeConfig, opts: { log?: Logger } = {}): Promise<RunningEdge> {
  // Two clients: a decision's HTTP request is abandoned soon after its budget; trace writes
  // (big batches) get longer.
  const lambda = makeInvoker(config.invokeClient, {
    endpoint: config.invokeEndpoint,
    region: config.region,
    requestTimeoutMs: config.decisionBudgetMs + 100,
  });
  const traceLambda = makeInvoker(config.invokeClient, {
    endpoint: config.invokeEndpoint,
    region: config.region,
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
