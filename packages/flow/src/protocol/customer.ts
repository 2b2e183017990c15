import { z } from "zod";
import { CallInfo } from "./events.js";

// The contract of a customer's own decision function (a flow's `decision` node). Ringflow's decision
// function invokes it through the Lambda Invoke API with the node's time budget and feeds the
// answer back to the interpreter as a `decision.result` event.

const VariableName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,31}$/);

export const CustomerDecisionRequest = z.strictObject({
  v: z.literal(1),
  /** The tenant whose flow asks (set by Ringflow's decision function, never by the flow). */
  tenantId: z.string().max(64).optional(),
  call: CallInfo,
  /** The decision node's id. */
  node: z.string().max(64),
  /** The call's variables so far (set and collect nodes, earlier decisions). */
  variables: z.record(z.string(), z.string()),
  /** The last digits the caller entered, if any. */
  digits: z.string().max(64).optional(),
});
export type CustomerDecisionRequest = z.infer<typeof CustomerDecisionRequest>;

/** Extra fields are ignored; an output the node has no route for takes the node's `error` output. */
export const CustomerDecisionResponse = z.object({
  output: z.string().min(1).max(32),
  /** Variables to set for the rest of the call (at most 32, values up to 256 characters). */
  variables: z
    .record(VariableName, z.string().max(256))
    .refine((v) => Object.keys(v).length <= 32, "at most 32 variables")
    .optional(),
});
export type CustomerDecisionResponse = z.infer<typeof CustomerDecisionResponse>;
