import type { Action } from "@ringflow/flow/protocol";
import { AudioClip, readWav } from "@ringflow/media";
import type { Invoker } from "../decision/invoker.js";
import type { ObjectStore } from "./s3.js";

// Prompt audio for the edge: an uploaded prompt is played from the prompts bucket by its key; a
// text prompt's key comes from the prompts function (which renders it into the bucket on
// demand, within a time budget, or finds it there: flows have their text prompts rendered when
// published). Decoded clips stay in memory up to a byte cap, least recently used first out; a
// clip is encoded to G.711 once and shared by every call that plays it.

/** A prompt as actions carry it: `{ text, language?, voice? }` or `{ audio: key }`. */
export type Prompt = Extract<Action, { type: "play" }>["prompt"];

export type PromptFailure = "not_found" | "render_failed" | "render_timeout" | "error";

export type PromptResult =
  | { ok: true; clip: AudioClip; key: string; cached: boolean }
  | { ok: false; code: PromptFailure; key?: string; message: string };

export interface PromptSourceOptions {
  store: ObjectStore;
  bucket: string;
  /** The prompts function (text prompts); absent: text prompts fail with render_failed. */
  invoker?: Invoker;
  promptsFunction: string;
  /** Bytes of decoded audio kept (16-bit PCM plus its encodings). */
  cacheBytes: number;
  /** How long a caller may wait for a text prompt rendered on demand. */
  renderBudgetMs: number;
}

/** Bytes a clip holds: 16-bit samples and up to two 8-bit encodings. */
const clipBytes = (c: AudioClip) => c.pcm.length * 4;

export class PromptSource {
  /** key -> clip, in least-recently-used order (a Map keeps insertion order). */
  private readonly clips = new Map<string, AudioClip>();
  private bytes = 0;
  private readonly loading = new Map<string, Promise<PromptResult>>();
  /** Text prompt (as JSON) -> its key in the bucket. */
  private readonly textKeys = new Map<string, string>();
  readonly stats = { hits: 0, misses: 0, evicted: 0 };

  constructor(private readonly o: PromptSourceOptions) {}

  get cachedBytes(): number {
    return this.bytes;
  }

  /** The clip in memory now, if any (no promise hop: a cached prompt starts in this turn). */
  peek(prompt: Prompt): { clip: AudioClip; key: string } | undefined {
    const key = "audio" in prompt ? prompt.audio : this.textKeys.get(textId(prompt));
    if (key === undefined) return undefined;
    const clip = this.clips.get(key);
    if (!clip) return undefined;
    this.clips.delete(key);
    this.clips.set(key, clip);
    return { clip, key };
  }

  async load(prompt: Prompt): Promise<PromptResult> {
    const hit = this.peek(prompt);
    if (hit) {
      this.stats.hits++;
      return { ok: true, ...hit, cached: true };
    }
    this.stats.misses++;
    let key: string;
    if ("audio" in prompt) key = prompt.audio;
    else {
      const id = textId(prompt);
      const known = this.textKeys.get(id);
      if (known) key = known;
      else {
        const r = await this.render(prompt);
        if (!r.ok) return r;
        key = r.key;
        this.textKeys.set(id, key);
      }
    }
    let p = this.loading.get(key);
    if (!p) {
      p = this.fetch(key).finally(() => this.loading.delete(key));
      this.loading.set(key, p);
    }
    return p;
  }

  private async render(
    prompt: Extract<Prompt, { text: string }>,
  ): Promise<{ ok: true; key: string } | Extract<PromptResult, { ok: false }>> {
    const inv = this.o.invoker;
    if (!inv) return { ok: false, code: "render_failed", message: "no prompts function configured" };
    const budgetMs = this.o.renderBudgetMs;
    const r = await Promise.race([
      inv.invoke(this.o.promptsFunction, JSON.stringify({ v: 1, prompts: [prompt], budgetMs })),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), budgetMs + 500).unref()),
    ]);
    if (!r) return { ok: false, code: "render_timeout", message: `no answer within ${budgetMs} ms` };
    if (!r.ok || r.functionError)
      return { ok: false, code: "render_failed", message: r.ok ? r.payload.slice(0, 200) : r.message };
    let result: { key?: unknown; status?: unknown; error?: unknown } | undefined;
    try {
      result = (JSON.parse(r.payload) as { results?: (typeof result)[] }).results?.[0];
    } catch {}
    if (!result || typeof result.key !== "string")
      return { ok: false, code: "render_failed", message: "malformed prompts answer" };
    if (result.status === "timeout")
      return { ok: false, code: "render_timeout", key: result.key, message: "rendering ran out of time" };
    if (result.status === "failed")
      return { ok: false, code: "render_failed", key: result.key, message: String(result.error ?? "") };
    return { ok: true, key: result.key };
  }

  private async fetch(key: string): Promise<PromptResult> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.o.store.get(this.o.bucket, key, AbortSignal.timeout(5000));
    } catch (e) {
      return { ok: false, code: "error", key, message: String((e as Error).message ?? e).slice(0, 200) };
    }
    if (!bytes) return { ok: false, code: "not_found", key, message: `no prompt audio at ${key}` };
    let clip: AudioClip;
    try {
      clip = new AudioClip(readWav(bytes).pcm, key);
    } catch (e) {
      return {
        ok: false,
        code: "error",
        key,
        message: `not audio: ${String((e as Error).message)}`.slice(0, 200),
      };
    }
    this.keep(key, clip);
    return { ok: true, clip, key, cached: false };
  }

  private keep(key: string, clip: AudioClip): void {
    const size = clipBytes(clip);
    if (size > this.o.cacheBytes) return;
    const old = this.clips.get(key);
    if (old) {
      this.clips.delete(key);
      this.bytes -= clipBytes(old);
    }
    this.clips.set(key, clip);
    this.bytes += size;
    for (const [k, c] of this.clips) {
      if (this.bytes <= this.o.cacheBytes) break;
      this.clips.delete(k);
      this.bytes -= clipBytes(c);
      this.stats.evicted++;
    }
  }
}

function textId(p: Extract<Prompt, { text: string }>): string {
  return JSON.stringify([p.text, p.language ?? "", p.voice ?? ""]);
}
