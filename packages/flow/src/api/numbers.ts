import { z } from "zod";
import { CallOutcome } from "../protocol/trace.js";
import { FlowId } from "./flows.js";

// Numbers (which flow and version a phone number runs) and the call list.

export const E164 = z.string().regex(/^\+[1-9]\d{1,14}$/, "an E.164 number such as +15550100");

/**
 * A pinned version, "latest" (the highest published one at call time), or "draft": a test number,
 * whose callers reach the draft (only a publisher binds numbers, so only a publisher makes one).
 */
export const BoundVersion = z.union([z.number().int(), z.literal("latest"), z.literal("draft")]);

export const BindNumberRequest = z
  .object({
    flowId: FlowId,
    version: z
      .union([z.number().int().min(1).max(999_999_999), z.literal("latest"), z.literal("draft")])
      .default("latest"),
  })
  .meta({ id: "BindNumberRequest" });
export type BindNumberRequest = z.input<typeof BindNumberRequest>;

/** A number granted to the tenant (by an operator) and, once bound, the flow it runs. */
export const NumberBinding = z
  .object({
    number: z.string(),
    flowId: z.string().optional().meta({ description: "absent: granted to the tenant, not bound to a flow" }),
    version: BoundVersion.optional(),
    updatedAt: z.string(),
  })
  .meta({ id: "NumberBinding" });
export type NumberBinding = z.infer<typeof NumberBinding>;

export const NumberList = z.object({ numbers: z.array(NumberBinding) });
export type NumberList = z.infer<typeof NumberList>;

export const CallSummary = z
  .object({
    callId: z.string(),
    flowId: z.string().optional(),
    version: z.union([z.number().int(), z.literal("draft")]).optional(),
    from: z.string(),
    to: z.string(),
    number: z.string().optional(),
    startedAt: z.number(),
    endedAt: z.number(),
    outcome: CallOutcome,
    finalStatus: z.number().int(),
  })
  .meta({ id: "CallSummary" });
export type CallSummary = z.infer<typeof CallSummary>;

export const CallPage = z
  .object({ calls: z.array(CallSummary), cursor: z.string().optional() })
  .meta({ id: "CallPage" });
export type CallPage = z.infer<typeof CallPage>;
