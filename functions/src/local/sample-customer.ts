import type { CustomerDecisionRequest, CustomerDecisionResponse } from "@ringflow/flow/protocol";
import { e164Of } from "../decision/numbers.js";

/** Callers the sample function treats as VIPs (local mode's stand-in for a customer's CRM). */
export const VIP_CALLERS = new Set(["+15550001", "+15550002"]);

/**
 * A customer's own decision function, as a customer would write it for a flow's decision node:
 * VIP callers by caller id. Registered in local mode so the Invoke path runs end to end.
 */
export async function vipCallerFunction(req: CustomerDecisionRequest): Promise<CustomerDecisionResponse> {
  const caller = e164Of(req.call.from);
  const vip = caller !== undefined && VIP_CALLERS.has(caller);
  return { output: vip ? "vip" : "regular", variables: { tier: vip ? "vip" : "regular" } };
}
