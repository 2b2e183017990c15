import { z } from "zod";
import { Language } from "../schema/common.js";

// The prompts function (`ringflow-prompts`, behind the Lambda Invoke API): renders text prompts
// to 8 kHz mono audio in the prompts bucket, keyed by a hash of everything that changes the
// audio (engine, voice, language, text). The HTTP API asks it for every text prompt of a flow
// when the flow is published; the edge asks it on demand, with a time budget, for text only a
// customer decision knows (a cached prompt answers from the bucket without rendering).

export const PromptEngine = z.enum(["espeak", "polly"]);
export type PromptEngine = z.infer<typeof PromptEngine>;

export const TextPrompt = z.strictObject({
  text: z.string().min(1).max(3000),
  language: Language.optional(),
  voice: z.string().min(1).max(64).optional(),
});
export type TextPrompt = z.infer<typeof TextPrompt>;

export const PromptsRequest = z.strictObject({
  v: z.literal(1),
  prompts: z.array(TextPrompt).min(1).max(200),
  /** Give up rendering after this long (the whole request); absent = 10 s. */
  budgetMs: z.number().int().min(50).max(60_000).optional(),
});
export type PromptsRequest = z.infer<typeof PromptsRequest>;

export const PromptResult = z.strictObject({
  /** The audio's key in the prompts bucket (a WAV, 8 kHz mono 16-bit). */
  key: z.string().max(512),
  /** `cached`: it was already there; `timeout`: the budget ran out (the caller falls back). */
  status: z.enum(["cached", "rendered", "failed", "timeout"]),
  /** Length of the audio, when known. */
  audioMs: z.number().min(0).optional(),
  /** Time spent on this prompt (look-up, rendering, storing). */
  tookMs: z.number().min(0),
  error: z.string().max(500).optional(),
});
export type PromptResult = z.infer<typeof PromptResult>;

export const PromptsResponse = z.strictObject({
  engine: PromptEngine,
  /** One per requested prompt, in order. */
  results: z.array(PromptResult),
});
export type PromptsResponse = z.infer<typeof PromptsResponse>;
