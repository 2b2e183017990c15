import { z } from "zod";
import { Action } from "./actions.js";

/** The decision function's reply: actions to run now and the state to send back next time. */
export const DecisionAnswer = z.strictObject({
  actions: z.array(Action).max(20),
  state: z.string().max(16_384),
  /** For the call trace: the flow nodes this decision passed through, and which flow version ran. */
  trace: z
    .strictObject({
      flowId: z.string().max(128).optional(),
      tenantId: z.string().max(64).optional(),
      version: z.union([z.number().int(), z.literal("draft")]).optional(),
      path: z.array(z.string().max(64)).max(1000),
      /** Targets the decision function refused (internal addresses, the edge itself): why the call did not go there. */
      refused: z
        .array(
          z.strictObject({
            target: z.string().max(256),
            why: z.enum(["internal_target", "call_loop"]),
          }),
        )
        .max(20)
        .optional(),
      /** The flow asks the edge to capture this call's RTP for its trace (settings.captureRtp). */
      captureRtp: z.boolean().optional(),
    })
    .optional(),
});
export type DecisionAnswer = z.infer<typeof DecisionAnswer>;
export type DecisionAnswerInput = z.input<typeof DecisionAnswer>;
