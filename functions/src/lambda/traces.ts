import { FUNCTION_ENV } from "@ringflow/names";
import { createTraceIngest } from "../traces/ingest.js";
import { log, storeFromEnv } from "./env.js";

const ttlDays = process.env[FUNCTION_ENV.traceTtlDays];

/** `ringflow-traces`: batches of finished call traces from the edge. */
export const handler = createTraceIngest({
  store: storeFromEnv(),
  log,
  ...(ttlDays ? { ttlDays: Number(ttlDays) } : {}),
});
