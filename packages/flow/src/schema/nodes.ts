import { z } from "zod";
import { Digit, FailureStatus, NodeRef, Prompt, Target } from "./common.js";
import { Schedule } from "./schedule.js";

// Every node: a discriminating `type`, an optional label for the designer, and its successors
// named by output as plain fields holding node ids (`next`, `options["1"]`, `open`, `busy`, ...).
// `outputsOf` in ../graph/outputs.ts is the one place that knows which fields are outputs.
const label = z.string().max(100).optional();

export const StartNode = z.strictObject({ type: z.literal("start"), label, next: NodeRef.optional() });

export const PlayNode = z.strictObject({
  type: z.literal("play"),
  label,
  prompt: Prompt,
  next: NodeRef.optional(),
});

/** VoiceXML-style digit timers, in milliseconds. */
const digitTimers = {
  firstDigitTimeoutMs: z.number().int().min(500).max(60_000).default(5000),
  interDigitTimeoutMs: z.number().int().min(500).max(30_000).default(3000),
  terminator: Digit.optional(),
};

export const MenuNode = z.strictObject({
  type: z.literal("menu"),
  label,
  prompt: Prompt,
  /** Digit (or short digit string) -> successor. */
  options: z.record(z.string().regex(/^[0-9*#]{1,4}$/, "menu keys are 1-4 DTMF digits"), NodeRef),
  noInputPrompt: Prompt.optional(),
  noMatchPrompt: Prompt.optional(),
  /** How many times the menu is replayed after no input or no match before `failure`. */
  retries: z.number().int().min(0).max(5).default(2),
  ...digitTimers,
  /** Taken when retries are exhausted; unwired falls back to the flow's fallback. */
  failure: NodeRef.optional(),
});

export const CollectNode = z.strictObject({
  type: z.literal("collect"),
  label,
  prompt: Prompt,
  /** Variable the digits are stored in (read by switch as `var:<name>`). */
  variable: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,31}$/),
  minDigits: z.number().int().min(1).max(32).default(1),
  maxDigits: z.number().int().min(1).max(32).default(10),
  ...digitTimers,
  next: NodeRef.optional(),
  /** Taken when the caller entered nothing (or fewer than minDigits). */
  timeout: NodeRef.optional(),
});

export const CallerIdPolicy = z.union([
  z.literal("caller"),
  z.literal("called"),
  z.strictObject({ fixed: z.string().min(1).max(64) }),
]);

export const ForwardNode = z.strictObject({
  type: z.literal("forward"),
  label,
  /** `redirect` answers 302 (the caller's side follows it); `bridge` rings the targets from the edge. */
  mode: z.enum(["redirect", "bridge"]),
  targets: z.array(Target).min(1).max(20),
  strategy: z.enum(["sequential", "simultaneous"]).default("sequential"),
  ringTimeoutSec: z.number().int().min(1).max(300).default(20),
  callerId: CallerIdPolicy.default("caller"),
  answered: NodeRef.optional(),
  busy: NodeRef.optional(),
  noAnswer: NodeRef.optional(),
  failed: NodeRef.optional(),
});

export const VoicemailNode = z.strictObject({
  type: z.literal("voicemail"),
  label,
  mailbox: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  greeting: Prompt.optional(),
  maxLengthSec: z.number().int().min(5).max(600).default(120),
  beep: z.boolean().default(true),
  next: NodeRef.optional(),
});

export const HoursNode = z.strictObject({
  type: z.literal("hours"),
  label,
  schedule: Schedule,
  open: NodeRef.optional(),
  closed: NodeRef.optional(),
  holiday: NodeRef.optional(),
});

/** What a switch condition reads: caller, called number, last digits, or a variable. */
export const Subject = z.union([
  z.enum(["caller", "called", "digits"]),
  z.string().regex(/^var:[a-zA-Z_][a-zA-Z0-9_]{0,31}$/),
]);

export const Condition = z.strictObject({
  subject: Subject,
  op: z.enum(["equals", "startsWith", "contains", "matches", "in"]),
  /** For `in`, a comma-separated list; for `matches`, a regular expression. */
  value: z.string().max(500),
});
export type Condition = z.infer<typeof Condition>;

export const SwitchNode = z.strictObject({
  type: z.literal("switch"),
  label,
  /** Checked in order; the first that holds wins. */
  cases: z
    .array(z.strictObject({ when: Condition, next: NodeRef.optional() }))
    .max(50)
    .default([]),
  /** When no case holds: a weighted percentage split (weights sum to 100), else `default`. */
  split: z
    .array(z.strictObject({ percent: z.number().int().min(0).max(100), next: NodeRef.optional() }))
    .max(10)
    .optional(),
  default: NodeRef.optional(),
});

export const SetNode = z.strictObject({
  type: z.literal("set"),
  label,
  /** Variable -> value; `{caller}`, `{called}`, `{digits}`, `{var:x}` are substituted. */
  assign: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,31}$/), z.string().max(256)),
  next: NodeRef.optional(),
});

export const DecisionNode = z.strictObject({
  type: z.literal("decision"),
  label,
  /** The customer's function, invoked through the Lambda Invoke API. */
  function: z.string().regex(/^[A-Za-z0-9_:.-]{1,140}$/),
  timeoutMs: z.number().int().min(100).max(5000).default(1500),
  /** Output name the function answers -> successor. */
  routes: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), NodeRef),
  error: NodeRef.optional(),
  timeout: NodeRef.optional(),
});

export const HangupNode = z.strictObject({
  type: z.literal("hangup"),
  label,
  /** SIP status before answer (default 480); after answer the call ends with BYE. */
  status: FailureStatus.optional(),
  reason: z.string().max(200).optional(),
});

export const FlowNode = z.discriminatedUnion("type", [
  StartNode,
  PlayNode,
  MenuNode,
  CollectNode,
  ForwardNode,
  VoicemailNode,
  HoursNode,
  SwitchNode,
  SetNode,
  DecisionNode,
  HangupNode,
]);
export type FlowNode = z.infer<typeof FlowNode>;
export type NodeType = FlowNode["type"];
export type NodeOf<T extends NodeType> = Extract<FlowNode, { type: T }>;
export const NODE_TYPES = FlowNode.options.map((o) => o.shape.type.value) as NodeType[];
