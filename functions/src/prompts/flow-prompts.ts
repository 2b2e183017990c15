import { Flow } from "@ringflow/flow";
import { TextPrompt } from "@ringflow/flow/protocol";
import type { FlowDocument } from "../store/types.js";

/**
 * Every text prompt a flow can play, spoken as the interpreter will ask for it (the flow's
 * language and voice filled in), without duplicates. Found by walking the nodes for anything
 * shaped like a text prompt, so a new node kind's prompts are not missed.
 */
export function textPromptsOf(doc: FlowDocument): TextPrompt[] {
  const flow = Flow.parse(doc);
  const { language, voice } = flow.settings;
  const found = new Map<string, TextPrompt>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    if (typeof v !== "object" || v === null) return;
    if ("text" in v) {
      const p = TextPrompt.safeParse(v);
      if (p.success) {
        const full: TextPrompt = {
          text: p.data.text,
          language: p.data.language ?? language,
          ...((p.data.voice ?? voice) ? { voice: p.data.voice ?? voice } : {}),
        };
        found.set(JSON.stringify(full), full);
        return;
      }
    }
    for (const x of Object.values(v)) visit(x);
  };
  visit(flow.nodes);
  return [...found.values()];
}
