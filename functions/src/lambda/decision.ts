import { FUNCTION_ENV } from "@ringflow/names";
import { lambdaCustomerInvoker } from "../decision/customer.js";
import { createDecisionHandler } from "../decision/handler.js";
import { storeVoicemail } from "../decision/voicemail.js";
import {
  edgeHostsFromEnv,
  lambdaClient,
  liveCallsFromEnv,
  log,
  mailboxesFromEnv,
  storeFromEnv,
} from "./env.js";

const routeTtlMs = process.env[FUNCTION_ENV.routeTtlMs];

/** `ringflow-decision`: invoked by the edge through the Lambda Invoke API. */
export const handler = createDecisionHandler({
  store: storeFromEnv(),
  invokeCustomer: lambdaCustomerInvoker(lambdaClient()),
  log,
  // A recording the edge reports (record.done) becomes a message in its mailbox.
  onRecorded: storeVoicemail(mailboxesFromEnv(), log),
  // Calls in progress: the node each is at (one write per step; best-effort).
  live: liveCallsFromEnv(),
  // Answers never send a call to an internal address, nor to the edge's own hosts when known.
  targets: { edgeHosts: edgeHostsFromEnv(), allowPrivateTargets: false },
  ...(routeTtlMs ? { routeTtlMs: Number(routeTtlMs) } : {}),
});
