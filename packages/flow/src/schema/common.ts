import { z } from "zod";

/** Node ids: short, safe in paths, URLs and DOM ids. */
export const NodeId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "node ids start with a letter; letters, digits, _ and - only");
export type NodeId = z.infer<typeof NodeId>;

/** A successor reference: the id of the node an output leads to. */
export const NodeRef = NodeId;

/** A DTMF key. */
export const Digit = z.enum(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"]);
export type Digit = z.infer<typeof Digit>;

/** BCP 47 language tag such as en-US. */
export const Language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "a BCP 47 language tag such as en-US");

/** What the caller hears: text rendered to speech, or an uploaded audio file (key in the prompt bucket). */
export const Prompt = z.union([
  z.strictObject({
    text: z.string().min(1).max(3000),
    language: Language.optional(),
    voice: z.string().min(1).max(64).optional(),
  }),
  z.strictObject({ audio: z.string().min(1).max(512) }),
]);
export type Prompt = z.infer<typeof Prompt>;

/** A SIP status a hangup may send before answer. */
export const FailureStatus = z.number().int().min(400).max(699);

/** Where a forward rings: a SIP URI or an E.164 number (checked by the target rule). */
export const Target = z.strictObject({
  uri: z.string().min(1).max(256),
  /** Ring timeout for this target, seconds; falls back to the node's ringTimeoutSec. */
  timeoutSec: z.number().int().min(1).max(300).optional(),
});
export type Target = z.infer<typeof Target>;
