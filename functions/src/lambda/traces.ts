import { createTraceIngest } from "../traces/ingest.js";
import { log, storeFromEnv } from "./env.js";

/** `ringflow-traces`: batches of finished call traces from the edge. */
export const handler = createTraceIngest({
  store: storeFromEnv(),
  log,
  ...(process.env.TRACE_TTL_DAYS ? { ttlDays: Number(process.env.TRACE_TTL_DAYS) } : {}),
});
