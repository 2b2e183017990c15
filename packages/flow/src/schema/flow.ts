import { z } from "zod";
import { Language, NodeId, NodeRef } from "./common.js";
import { FlowNode } from "./nodes.js";

export const FLOW_SCHEMA_VERSION = 1;

/** Where a call goes when the flow has no answer for it (an unwired output, a failed step). */
export const Fallback = z.union([
  z.strictObject({ type: z.literal("forward"), uri: z.string().min(1).max(256) }),
  z.strictObject({
    type: z.literal("hangup"),
    status: z.number().int().min(400).max(699).default(480),
    reason: z.string().max(200).optional(),
  }),
  z.strictObject({ type: z.literal("node"), node: NodeRef }),
]);
export type Fallback = z.infer<typeof Fallback>;

export const FlowLimits = z.strictObject({
  /** Interpreter steps per call before the call is ended with the fallback. */
  maxSteps: z.number().int().min(10).max(10_000).default(200),
  /** Longest call the flow allows, seconds. */
  maxCallSec: z.number().int().min(10).max(86_400).default(3600),
});

export const FlowSettings = z.strictObject({
  language: Language.default("en-US"),
  voice: z.string().max(64).optional(),
  fallback: Fallback.optional(),
  /**
   * Host (and port) E.164 targets are dialled at: `+15551234567` -> `sip:+15551234567@<trunkHost>;user=phone`.
   * Absent: the host of the call's request URI.
   */
  trunkHost: z
    .string()
    .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, "a host or host:port")
    .max(255)
    .optional(),
  limits: FlowLimits.default({ maxSteps: 200, maxCallSec: 3600 }),
  /** Callers (E.164) whose calls run the draft instead of the published version. */
  testCallers: z
    .array(z.string().regex(/^\+[1-9]\d{1,14}$/))
    .max(50)
    .default([]),
  /**
   * Keep each call's RTP and RTCP (caller audio: off unless the flow's owner turns it on) so the
   * call's pcap can carry its media beside the SIP ladder. Capped per call (see docs/flows.md).
   */
  captureRtp: z.boolean().optional(),
});

export const Position = z.strictObject({ x: z.number(), y: z.number() });

/** Upper bound on nodes in one flow (Twilio Studio's limit). */
export const MAX_NODES = 2000;

export const Flow = z.strictObject({
  version: z.literal(FLOW_SCHEMA_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  entry: NodeId,
  nodes: z.record(NodeId, FlowNode),
  settings: FlowSettings.default({
    language: "en-US",
    limits: { maxSteps: 200, maxCallSec: 3600 },
    testCallers: [],
  }),
  /** Designer positions; carries no meaning for routing. */
  layout: z.record(NodeId, Position).default({}),
});
export type Flow = z.infer<typeof Flow>;
/** The document as written (defaults not yet applied). */
export type FlowInput = z.input<typeof Flow>;
