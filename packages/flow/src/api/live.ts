import { z } from "zod";

// Calls in progress (GET /v1/calls/live): what the decision function wrote at the call's last
// step. A call leaves this list when it ends and appears among the recent calls once its trace
// is stored.

/** What the call waits for at its node (the action the edge is running). */
export const LiveWaiting = z.enum(["play", "collect", "bridge", "record", "decision"]);

export const LiveCall = z
  .object({
    callId: z.string(),
    flowId: z.string(),
    version: z.union([z.number().int(), z.literal("draft")]),
    from: z.string(),
    to: z.string(),
    number: z.string().optional().meta({ description: "the called number (E.164), when the call named one" }),
    node: z.string().meta({ description: "the id of the node the call is at now" }),
    nodeLabel: z.string().optional().meta({ description: "that node's label in the version the call runs" }),
    nodeType: z.string().optional(),
    waiting: LiveWaiting.optional(),
    startedAt: z.number().meta({ description: "when the edge received the INVITE (epoch ms)" }),
    updatedAt: z.number().meta({ description: "the call's last decision step (epoch ms)" }),
  })
  .meta({ id: "LiveCall" });
export type LiveCall = z.infer<typeof LiveCall>;

export const LiveCallList = z
  .object({
    calls: z.array(LiveCall),
    /** The server's clock (epoch ms), so a client measures "how long so far" without its own skew. */
    now: z.number(),
  })
  .meta({ id: "LiveCallList" });
export type LiveCallList = z.infer<typeof LiveCallList>;
