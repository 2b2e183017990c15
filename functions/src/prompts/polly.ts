import {
  type Engine,
  SynthesizeSpeechCommand,
  type SynthesizeSpeechCommandOutput,
  type VoiceId,
} from "@aws-sdk/client-polly";
import type { TextPrompt } from "@ringflow/flow/protocol";
import { decodeG711 } from "@ringflow/media";
import type { SpeechRenderer } from "./renderer.js";

// The engine on AWS: Amazon Polly renders telephone audio itself (8 kHz mu-law), so nothing is
// resampled; the samples are decoded once and stored as the same 8 kHz WAV espeak-ng's give.

/** What the renderer needs of a PollyClient (a stub in tests). */
export interface PollyLike {
  send(
    command: SynthesizeSpeechCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<SynthesizeSpeechCommandOutput>;
}

export interface PollyOptions {
  /** The voice when a prompt names none (default Joanna, en-US). */
  defaultVoice?: string;
  /** `neural` (default) or `standard`. */
  engine?: Engine;
}

export class PollyRenderer implements SpeechRenderer {
  readonly engine = "polly" as const;

  constructor(
    private readonly client: PollyLike,
    private readonly opts: PollyOptions = {},
  ) {}

  async render(prompt: TextPrompt & { language: string }, signal: AbortSignal): Promise<Int16Array> {
    const out = await this.client.send(
      new SynthesizeSpeechCommand({
        Text: prompt.text,
        TextType: "text",
        OutputFormat: "mulaw",
        SampleRate: "8000",
        VoiceId: (prompt.voice ?? this.opts.defaultVoice ?? "Joanna") as VoiceId,
        LanguageCode: prompt.language as SynthesizeSpeechCommand["input"]["LanguageCode"],
        Engine: this.opts.engine ?? "neural",
      }),
      { abortSignal: signal },
    );
    if (!out.AudioStream) throw new Error("Polly returned no audio");
    return decodeG711("PCMU", await out.AudioStream.transformToByteArray());
  }
}
