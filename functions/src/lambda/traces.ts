import { FUNCTION_ENV } from "@ringflow/names";
import { createTraceIngest } from "../traces/ingest.js";
import { liveCallsFromEnv, log, storeFromEnv } from "./env.js";

const ttlDays = process.env[FUNCTION_ENV.traceTtlDays];

/** `ringflow-traces`: batches of finished call traces from the edge. */
export const handler = createTraceIngest({
  store: storeFromEnv(),
  log,
  // A call a failed decision left in the live list is removed when its trace arrives.
  live: liveCallsFromEnv(),
  ...(ttlDays ? { ttlDays: Number(ttlDays) } : {}),
});
