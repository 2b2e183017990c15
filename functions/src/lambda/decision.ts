import { lambdaCustomerInvoker } from "../decision/customer.js";
import { createDecisionHandler } from "../decision/handler.js";
import { lambdaClient, log, storeFromEnv } from "./env.js";

/** `ringflow-decision`: invoked by the edge through the Lambda Invoke API. */
export const handler = createDecisionHandler({
  store: storeFromEnv(),
  invokeCustomer: lambdaCustomerInvoker(lambdaClient()),
  log,
  ...(process.env.ROUTE_TTL_MS ? { routeTtlMs: Number(process.env.ROUTE_TTL_MS) } : {}),
});
