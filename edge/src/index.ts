// The SIP edge as a library (the local stack and tests start it in-process).
export { DEFAULTS as EDGE_DEFAULTS, type EdgeConfig, loadConfig } from "./config.js";
export { DecisionClient, type DecisionPort, type DecisionResult } from "./decision/client.js";
export {
  HttpInvoker,
  type InvokeClientKind,
  type Invoker,
  makeInvoker,
  makeLambdaClient,
  SdkInvoker,
} from "./decision/invoker.js";
export { Edge, type EdgeStats } from "./edge.js";
export { type RunningEdge, startEdge } from "./service.js";
export { LambdaTraceSink, MemoryTraceSink, type TraceSinkPort } from "./trace/sink.js";
export { tuneV8ForCalls } from "./v8-tuning.js";
