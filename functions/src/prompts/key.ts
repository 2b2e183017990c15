import { createHash } from "node:crypto";
import type { PromptEngine, TextPrompt } from "@ringflow/flow/protocol";
import { BUCKET_PREFIXES } from "@ringflow/names";

/** The language a text prompt is spoken in when neither it nor its flow says. */
export const DEFAULT_LANGUAGE = "en-US";

/** What shapes the audio, normalised so equal prompts share one key (runs of white space do not). */
export function normalizePrompt(p: TextPrompt): Required<Pick<TextPrompt, "text" | "language">> & TextPrompt {
  return { ...p, text: p.text.trim().replace(/\s+/g, " "), language: p.language ?? DEFAULT_LANGUAGE };
}

/**
 * The prompts-bucket key of a rendered text prompt: a hash of everything that changes the audio
 * (engine, voice, language, text), so a change to any of them is a new object and a published
 * flow's prompts are never overwritten under a live call.
 */
export function promptKey(engine: PromptEngine, prompt: TextPrompt): string {
  const p = normalizePrompt(prompt);
  const hash = createHash("sha256")
    .update(JSON.stringify([engine, p.voice ?? "", p.language, p.text]))
    .digest("hex");
  return `${BUCKET_PREFIXES.prompts}tts/${engine}/${hash.slice(0, 40)}.wav`;
}
