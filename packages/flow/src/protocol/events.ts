import { z } from "zod";

export const PROTOCOL_VERSION = 1;

/** The call as the edge saw its INVITE. */
export const CallInfo = z.strictObject({
  /** Edge-assigned call id (also the trace id); not the SIP Call-ID. */
  id: z.string().min(1).max(128),
  from: z.string().max(512),
  to: z.string().max(512),
  requestUri: z.string().max(512),
  sourceIp: z.string().max(64),
  /** ISO-8601 instant the INVITE arrived. */
  receivedAt: z.string().datetime({ offset: true }),
  headers: z.record(z.string(), z.string()).default({}),
});
export type CallInfo = z.infer<typeof CallInfo>;

const base = {
  v: z.literal(PROTOCOL_VERSION),
  call: CallInfo,
  /** The opaque state from the previous answer; absent on call.new. */
  state: z.string().max(16_384).optional(),
};

export const CallNewEvent = z.strictObject({ ...base, type: z.literal("call.new") });

/**
 * How a media action ended, the same shape for play, collect and record (fields added after v1,
 * so optional on the wire; an edge with media always sends them).
 * - outcome: `complete`, `noInput` (collect: no digit), `noMatch` (collect: fewer than
 *   minDigits), `interrupted` (a prompt cut by a digit or by the next action), `tooShort`
 *   (record: shorter than minLengthSec once trailing silence was trimmed), `hangup`.
 */
export const MediaOutcome = z.enum(["complete", "noInput", "noMatch", "interrupted", "tooShort", "hangup"]);
export const MediaEndedBy = z.enum([
  "promptEnd",
  "bargeIn",
  "maxDigits",
  "terminator",
  "firstDigitTimeout",
  "interDigitTimeout",
  "silence",
  "maxLength",
  "hangup",
  "stopped",
]);
const mediaResult = {
  outcome: MediaOutcome.optional(),
  /** The terminator key that ended the action, if one did (never part of `digits`). */
  terminator: z
    .string()
    .regex(/^[0-9*#]$/)
    .nullable()
    .optional(),
  endedBy: MediaEndedBy.optional(),
  /** From the action's start (as the edge began it) to its end. */
  durationMs: z.number().int().min(0).optional(),
};

export const CollectDoneEvent = z.strictObject({
  ...base,
  type: z.literal("collect.done"),
  data: z.strictObject({
    digits: z
      .string()
      .regex(/^[0-9*#A-D]*$/)
      .max(64),
    /** `timeout` with empty digits means the caller said nothing. */
    reason: z.enum(["complete", "terminator", "timeout", "maxDigits"]),
    ...mediaResult,
  }),
});

export const BridgeOutcome = z.enum(["answered", "busy", "noAnswer", "rejected", "failed"]);
export type BridgeOutcome = z.infer<typeof BridgeOutcome>;

export const BridgeDoneEvent = z.strictObject({
  ...base,
  type: z.literal("bridge.done"),
  data: z.strictObject({
    outcome: BridgeOutcome,
    /** Final SIP status of the deciding leg (0 for a transport error or a local timeout). */
    sipCode: z.number().int().min(0).max(699),
    target: z.string().max(256).optional(),
    /** For answered: how long the bridged call lasted. */
    durationSec: z.number().min(0).optional(),
  }),
});

export const PlayDoneEvent = z.strictObject({
  ...base,
  type: z.literal("play.done"),
  data: z
    .strictObject({
      interrupted: z.boolean().default(false),
      ...mediaResult,
      /** The prompt's audio key in the prompts bucket (for the trace). */
      promptKey: z.string().max(512).optional(),
    })
    .default({ interrupted: false }),
});

export const RecordDoneEvent = z.strictObject({
  ...base,
  type: z.literal("record.done"),
  data: z.strictObject({
    /** The WAV (8 kHz mono) in the recordings bucket; "" when nothing was kept. */
    key: z.string().max(512),
    /** The message's length after trimming. */
    durationSec: z.number().min(0),
    ...mediaResult,
  }),
});

/**
 * Why the edge could not run an action: a closed set, so a flow (and a customer function) can
 * rely on it. Add a code here before the edge reports it.
 */
export const ActionFailedCode = z.enum([
  /** This edge runs no media (answer, play, collect, record, pause, sendDigits). */
  "media_unsupported",
  /** The caller's offer has nothing the edge can answer (no audio, no common codec). */
  "sdp_rejected",
  /** No RTP port pair was free. */
  "no_media_ports",
  /** A prompt could not be fetched or rendered. */
  "prompt_unavailable",
  /** The recording could not be stored. */
  "recording_failed",
  /** The media session failed otherwise (RTP socket, timer). */
  "media_failed",
  /** The action needs an answered call and the caller could not be answered. */
  "not_answered",
]);
export type ActionFailedCode = z.infer<typeof ActionFailedCode>;

export const ActionFailedEvent = z.strictObject({
  ...base,
  type: z.literal("action.failed"),
  data: z.strictObject({
    action: z.string().max(32),
    code: ActionFailedCode,
    message: z.string().max(1000).optional(),
  }),
});

export const CallEndedEvent = z.strictObject({
  ...base,
  type: z.literal("call.ended"),
  data: z
    .strictObject({
      by: z.enum(["caller", "callee", "edge"]),
      sipCode: z.number().int().optional(),
      reason: z.string().max(200).optional(),
    })
    .default({ by: "edge" }),
});

export const DecisionEvent = z.discriminatedUnion("type", [
  CallNewEvent,
  CollectDoneEvent,
  BridgeDoneEvent,
  PlayDoneEvent,
  RecordDoneEvent,
  ActionFailedEvent,
  CallEndedEvent,
]);
export type DecisionEvent = z.infer<typeof DecisionEvent>;
export type DecisionEventInput = z.input<typeof DecisionEvent>;
export type EventType = DecisionEvent["type"];
