// Plays clips frame by frame: each call of `next` hands out one frame of codec bytes. A frame
// past the end of the audio is padded with silence; `done` turns true after the last frame.
import type { AudioClip } from "./clip.js";
import { type G711Law, silenceByte } from "./g711.js";

export interface PlayOptions {
  /** Play the clips again from the start when they end (hold music, the bench). */
  loop?: boolean;
}

export class PromptPlayer {
  private clip = 0;
  private pos = 0;
  private readonly frame: Uint8Array;
  private readonly silence: number;
  private finished: boolean;

  constructor(
    private readonly clips: AudioClip[],
    readonly law: G711Law,
    private readonly samplesPerFrame = 160,
    private readonly opts: PlayOptions = {},
  ) {
    this.frame = new Uint8Array(samplesPerFrame);
    this.silence = silenceByte(law);
    this.finished = clips.every((c) => c.pcm.length === 0);
  }

  get done(): boolean {
    return this.finished;
  }

  /** The next frame (a view valid until the next call), or null when done. */
  next(): Uint8Array | null {
    if (this.finished) return null;
    let filled = 0;
    while (filled < this.samplesPerFrame) {
      const c = this.clips[this.clip];
      if (!c) {
        if (this.opts.loop) {
          this.clip = 0;
          continue;
        }
        this.frame.fill(this.silence, filled);
        this.finished = true;
        return this.frame;
      }
      const bytes = c.encode(this.law);
      const take = Math.min(this.samplesPerFrame - filled, bytes.length - this.pos);
      if (filled === 0 && take === this.samplesPerFrame) {
        // The common case: a whole frame inside one clip, handed out without a copy.
        const view = bytes.subarray(this.pos, this.pos + take);
        this.pos += take;
        this.advanceIfEnded(bytes.length);
        return view;
      }
      this.frame.set(bytes.subarray(this.pos, this.pos + take), filled);
      filled += take;
      this.pos += take;
      this.advanceIfEnded(bytes.length);
    }
    return this.frame;
  }

  private advanceIfEnded(len: number): void {
    if (this.pos < len) return;
    this.clip++;
    this.pos = 0;
    if (!this.opts.loop && this.clip >= this.clips.length) this.finished = true;
  }
}
