import { z } from "zod";
import { Language } from "../schema/common.js";

// A tenant's prompt library (uploaded audio, converted to 8 kHz mono by the API) and "Listen":
// the audio a caller will hear for a text prompt, rendered by the server's speech engine.

export const PromptItem = z
  .object({
    /** The key in the prompts bucket: what a flow's `{ audio }` prompt names. */
    key: z.string(),
    name: z.string(),
    bytes: z.number().int().min(0),
    /** Length of the audio (8 kHz 16-bit mono). */
    audioMs: z.number().min(0),
    uploadedAt: z.string(),
  })
  .meta({ id: "PromptItem" });
export type PromptItem = z.infer<typeof PromptItem>;

export const PromptList = z.object({ prompts: z.array(PromptItem) });
export type PromptList = z.infer<typeof PromptList>;

/** A prompt's display name, as `POST /v1/prompts?name=` takes it. */
export const PromptName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, "1-64 letters, digits, space, . _ -");

export const ListenRequest = z
  .strictObject({
    text: z.string().min(1).max(3000),
    language: Language.optional(),
    voice: z.string().min(1).max(64).optional(),
  })
  .meta({ id: "ListenRequest" });
export type ListenRequest = z.infer<typeof ListenRequest>;
