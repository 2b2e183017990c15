import { z } from "zod";
import { Prompt } from "../schema/common.js";

// What the decision function asks the edge to do. The edge runs the actions in order; an
// action that waits for the caller or the network (bridge, collect, play, record) is
// followed by an event reporting how it ended. `answer`, `pause` and `sendDigits` report
// nothing: the edge runs the next action when they finish (a failure is `action.failed`).
//
// Media fields added after v1 are all optional, so every v1 answer stays valid and means
// what it meant; the defaults are written beside each field.

export const RedirectAction = z.strictObject({
  type: z.literal("redirect"),
  /** 302 Moved Temporarily by default; 301 when the move is permanent. */
  status: z.union([z.literal(301), z.literal(302)]).default(302),
  contacts: z
    .array(z.strictObject({ uri: z.string().min(1).max(256), q: z.number().min(0).max(1).optional() }))
    .min(1)
    .max(10),
});

export const BridgeAction = z.strictObject({
  type: z.literal("bridge"),
  targets: z
    .array(
      z.strictObject({
        uri: z.string().min(1).max(256),
        timeoutSec: z.number().int().min(1).max(300).optional(),
      }),
    )
    .min(1)
    .max(20),
  strategy: z.enum(["sequential", "simultaneous"]).default("sequential"),
  ringTimeoutSec: z.number().int().min(1).max(300).default(20),
  /** The From user the legs present; absent = the caller's own. */
  callerId: z.string().max(64).optional(),
});

export const AnswerAction = z.strictObject({
  type: z.literal("answer"),
  /**
   * Play the media that follows as early media (183 Session Progress with the edge's SDP) and do
   * not answer (no 200): the caller is not billed. Absent = answer with 200 OK.
   */
  earlyMedia: z.boolean().optional(),
});

export const PlayAction = z.strictObject({
  type: z.literal("play"),
  prompt: Prompt,
  /** A digit stops the prompt (absent = false: a play is heard to its end). */
  bargeIn: z.boolean().optional(),
});

export const CollectAction = z.strictObject({
  type: z.literal("collect"),
  prompt: Prompt.optional(),
  minDigits: z.number().int().min(1).max(32).default(1),
  maxDigits: z.number().int().min(1).max(32),
  firstDigitTimeoutMs: z.number().int().min(500).max(60_000).default(5000),
  interDigitTimeoutMs: z.number().int().min(500).max(30_000).default(3000),
  terminator: z
    .string()
    .regex(/^[0-9*#]$/)
    .optional(),
  /** A digit during the prompt stops it and is the first digit (absent = true). */
  bargeIn: z.boolean().optional(),
});

export const RecordAction = z.strictObject({
  type: z.literal("record"),
  mailbox: z.string().min(1).max(64),
  greeting: Prompt.optional(),
  maxLengthSec: z.number().int().min(1).max(600),
  beep: z.boolean().default(true),
  /** End after this much silence (absent = 5 s; 0 = only length, key or hang-up end it). */
  silenceSec: z.number().min(0).max(60).optional(),
  /** Below this level (dBFS) audio counts as silence (absent = -40). */
  silenceThresholdDb: z.number().min(-90).max(0).optional(),
  /** A key that ends the recording (absent = "#"). */
  terminator: z
    .string()
    .regex(/^[0-9*#]$/)
    .optional(),
  /** A message shorter than this after trimming is reported `tooShort` (absent = 1 s). */
  minLengthSec: z.number().min(0).max(60).optional(),
});

/** Silence on the line for a while (media stays up). */
export const PauseAction = z.strictObject({
  type: z.literal("pause"),
  durationMs: z.number().int().min(1).max(60_000),
});

/** Send DTMF to the caller: RFC 4733 events when negotiated, else in-band tones. */
export const SendDigitsAction = z.strictObject({
  type: z.literal("sendDigits"),
  digits: z.string().regex(/^[0-9*#A-D]{1,64}$/),
  /** Tone length per digit (absent = 100 ms). */
  toneMs: z.number().int().min(40).max(2000).optional(),
});

export const HangupAction = z.strictObject({
  type: z.literal("hangup"),
  /** Status sent before answer (default 480); after answer the edge sends BYE. */
  status: z.number().int().min(400).max(699).optional(),
  reason: z.string().max(200).optional(),
});

export const Action = z.discriminatedUnion("type", [
  RedirectAction,
  BridgeAction,
  AnswerAction,
  PlayAction,
  CollectAction,
  RecordAction,
  HangupAction,
  PauseAction,
  SendDigitsAction,
]);
export type Action = z.infer<typeof Action>;
export type ActionType = Action["type"];
