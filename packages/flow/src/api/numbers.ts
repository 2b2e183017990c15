import { z } from "zod";
import { CallOutcome } from "../protocol/trace.js";
import { FlowId } from "./flows.js";

// Numbers (which flow and version a phone number runs) and the call list.

export const E164 = z.string().regex(/^\+[1-9]\d{1,14}$/, "an E.164 number such as +15550100");

/** A pinned version, or "latest" (the highest published one at call time). */
export const BoundVersion = z.union([z.number().int(), z.literal("latest")]);

export const BindNumberRequest = z
  .object({
    flowId: FlowId,
    version: z.union([z.number().int().min(1), z.literal("latest")]).default("latest"),
  })
  .meta({ id: "BindNumberRequest" });
export type BindNumberRequest = z.input<typeof BindNumberRequest>;

export const NumberBinding = z
  .object({ number: z.string(), flowId: z.string(), version: BoundVersion, updatedAt: z.string() })
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
