import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TextPrompt } from "@ringflow/flow/protocol";
import { readWav } from "@ringflow/media";
import type { SpeechRenderer } from "./renderer.js";

// The local and test engine. Debian's espeak-ng binary rather than the npm WASM build: the
// binary is already a tool of this repository (scripts/ensure-tools.mjs), renders about 150x
// faster than real time natively, and runs in its own process, so a render past its budget is
// killed outright (AbortSignal -> SIGTERM) instead of blocking the function's event loop, and
// no multi-megabyte WASM heap lives in the API or functions process. On AWS the engine is Polly.
//
// espeak-ng speaks only at 22,050 Hz: readWav brings it to 8 kHz through a low-pass sinc
// resampler (no aliasing of the 4-11 kHz band into the telephone band). It writes to a file
// (`-w`) because its `--stdout` header carries placeholder sizes.

export interface EspeakOptions {
  bin?: string;
  /** Words per minute (espeak's default is 175; 160 is easier on the telephone). */
  wordsPerMinute?: number;
}

/** BCP 47 (en-US) to an espeak-ng voice name (en-us); the bare language when the region is unknown. */
export function espeakVoices(language: string): string[] {
  const full = language.toLowerCase();
  const base = full.split("-")[0] as string;
  return full === base ? [full] : [full, base];
}

export class EspeakRenderer implements SpeechRenderer {
  readonly engine = "espeak" as const;
  private readonly bin: string;
  private readonly wpm: number;

  constructor(opts: EspeakOptions = {}) {
    this.bin = opts.bin ?? "espeak-ng";
    this.wpm = opts.wordsPerMinute ?? 160;
  }

  async render(prompt: TextPrompt & { language: string }, signal: AbortSignal): Promise<Int16Array> {
    const dir = await mkdtemp(join(tmpdir(), "ringflow-espeak-"));
    try {
      const out = join(dir, "prompt.wav");
      let lastError: unknown;
      for (const voice of espeakVoices(prompt.language)) {
        try {
          await this.run(["-v", voice, "-s", String(this.wpm), "-w", out], prompt.text, signal);
          return readWav(await readFile(out)).pcm;
        } catch (err) {
          if (signal.aborted) throw err;
          lastError = err;
        }
      }
      throw lastError;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Runs espeak-ng with the text on stdin (never in argv: no option injection, no length limit). */
  private run(args: string[], text: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.bin, args, { signal, stdio: ["pipe", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      child.on("error", reject);
      child.on("close", (code) => {
        if (code === 0) resolve();
        else reject(new Error(`espeak-ng exited ${code}: ${stderr.trim().slice(0, 200)}`));
      });
      child.stdin.on("error", () => {});
      child.stdin.end(text);
    });
  }
}
