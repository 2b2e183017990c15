import type { PromptEngine, TextPrompt } from "@ringflow/flow/protocol";

/** Text to speech, 8 kHz mono 16-bit samples out. `signal` aborts a render past its budget. */
export interface SpeechRenderer {
  readonly engine: PromptEngine;
  render(prompt: TextPrompt & { language: string }, signal: AbortSignal): Promise<Int16Array>;
}
