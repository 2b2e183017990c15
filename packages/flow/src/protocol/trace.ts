import { z } from "zod";

// A call's trace: what the edge saw and did, written once when the call ends. Produced by the
// edge, stored by functions (TTL), shown by the designer and the CLI.

export const TraceSipMessage = z.strictObject({
  /** Milliseconds since the epoch, with sub-millisecond precision where the edge has it. */
  at: z.number(),
  dir: z.enum(["in", "out"]),
  transport: z.enum(["udp", "tcp", "tls"]),
  /** "ip:port" of the edge's socket and of the peer. */
  local: z.string().max(64),
  remote: z.string().max(64),
  /** Which side of the B2BUA: the caller's leg, or an outbound leg `b1`, `b2`, ... */
  leg: z.string().max(16),
  /** "INVITE", "302 Moved Temporarily", ... as a ladder arrow label. */
  summary: z.string().max(200),
  /** The whole message as latin1 text (bodies may be cut; see `truncated`). */
  raw: z.string().max(65_536),
  truncated: z.boolean().optional(),
});
export type TraceSipMessage = z.infer<typeof TraceSipMessage>;

export const TraceDecision = z.strictObject({
  at: z.number(),
  event: z.string().max(32),
  latencyMs: z.number().min(0),
  actions: z.array(z.string().max(32)).max(20),
  /** Set when the decision failed and the edge fell back: timeout, error, malformed. */
  error: z.string().max(64).optional(),
});
export type TraceDecision = z.infer<typeof TraceDecision>;

/** A media action the edge ran (or a media event: `inactivity`, `rtpWithheld`), with its timing and result. */
export const TraceMedia = z.strictObject({
  /** When it started (ms since the epoch). */
  at: z.number(),
  /** play, collect, record, pause, sendDigits, answer, ringback, bridge, inactivity, rtpWithheld. */
  action: z.string().max(32),
  durationMs: z.number().min(0),
  outcome: z.string().max(32).optional(),
  endedBy: z.string().max(32).optional(),
  digits: z.string().max(64).optional(),
  promptKey: z.string().max(512).optional(),
  recordingKey: z.string().max(512).optional(),
  /** Prompt start latency: the action's start to its first audio packet. */
  firstPacketMs: z.number().min(0).optional(),
  detail: z.string().max(200).optional(),
});
export type TraceMedia = z.infer<typeof TraceMedia>;

/** The call's RTP/RTCP as the edge's sockets saw it, stored when its flow asked (settings.captureRtp). */
export const TraceRtpCapture = z.strictObject({
  /** A LINKTYPE_RAW pcap in the recordings bucket: `recordings/rtp/<tenant>/<call id>.pcap`. */
  key: z.string().max(512),
  packets: z.number().int().min(0),
  bytes: z.number().int().min(0),
  /** Set when the capture stopped early: the per-call packet, byte or duration cap, or the edge's memory budget. */
  truncatedBy: z.enum(["packets", "bytes", "duration", "edge_budget"]).optional(),
});
export type TraceRtpCapture = z.infer<typeof TraceRtpCapture>;

export const CallOutcome = z.enum([
  "redirected",
  "bridged",
  "hungup",
  "rejected",
  "fallback",
  "cancelled",
  "voicemail",
  "failed",
]);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const CallTrace = z.strictObject({
  v: z.literal(1),
  callId: z.string().min(1).max(128),
  /** Known once the decision function resolved the number; absent for unknown numbers. */
  tenantId: z.string().max(64).optional(),
  flowId: z.string().max(128).optional(),
  version: z.union([z.number().int(), z.literal("draft")]).optional(),
  from: z.string().max(512),
  to: z.string().max(512),
  /** The called number as E.164 where it could be read. */
  number: z.string().max(32).optional(),
  startedAt: z.number(),
  endedAt: z.number(),
  outcome: CallOutcome,
  /** The final SIP status sent to the caller (200 for an answered call). */
  finalStatus: z.number().int().min(0).max(699),
  /** Why the call took its number's fallback: the decision's failure, a decision loop, or its tenant's call cap. */
  fallbackReason: z.enum(["timeout", "error", "malformed", "loop", "tenant_cap"]).optional(),
  path: z.array(z.string().max(64)).max(1000),
  decisions: z.array(TraceDecision).max(200),
  sip: z.array(TraceSipMessage).max(500),
  /** Media actions and events, in order (absent for calls without media). */
  media: z.array(TraceMedia).max(200).optional(),
  /** Where the call's captured RTP is (absent unless the flow captures RTP and it was stored). */
  rtpCapture: TraceRtpCapture.optional(),
});
export type CallTrace = z.infer<typeof CallTrace>;
