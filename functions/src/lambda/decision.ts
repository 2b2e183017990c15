import { FUNCTION_ENV } from "@ringflow/names";
import { lambdaCustomerInvoker } from "../decision/customer.js";
import { createDecisionHandler } from "../decision/handler.js";
import { lambdaClient, log, storeFromEnv } from "./env.js";

const routeTtlMs = process.env[FUNCTION_ENV.routeTtlMs];

/** `ringflow-decision`: invoked by the edge through the Lambda Invoke API. */
export const handler = createDecisionHandler({
  store: storeFromEnv(),
  invokeCustomer: lambdaCustomerInvoker(lambdaClient()),
  log,
  ...(routeTtlMs ? { routeTtlMs: Number(routeTtlMs) } : {}),
});
