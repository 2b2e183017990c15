// Audio to play: 8 kHz mono 16-bit samples, with their G.711 encodings made once and shared by
// every call that plays the clip (a prompt played to a thousand callers is encoded once).
import { encodeG711, type G711Law } from "./g711.js";

export const SAMPLE_RATE = 8000;

export class AudioClip {
  private readonly encoded: Partial<Record<G711Law, Uint8Array>> = {};

  constructor(
    readonly pcm: Int16Array,
    /** What the clip is, for traces (a prompt key, "beep", ...). */
    readonly name = "",
  ) {}

  get durationMs(): number {
    return (this.pcm.length * 1000) / SAMPLE_RATE;
  }

  encode(law: G711Law): Uint8Array {
    let e = this.encoded[law];
    if (!e) {
      e = encodeG711(law, this.pcm);
      this.encoded[law] = e;
    }
    return e;
  }

  /** A sine tone (beeps, ringback parts); a 5 ms ramp at each end avoids clicks. */
  static tone(freqs: number[], ms: number, level = 0.3, name = "tone"): AudioClip {
    const n = Math.round((ms * SAMPLE_RATE) / 1000);
    const ramp = Math.min(40, n >> 1);
    const pcm = new Int16Array(n);
    const amp = (32767 * level) / freqs.length;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (const f of freqs) v += Math.sin((2 * Math.PI * f * i) / SAMPLE_RATE);
      const g = Math.min(1, i / ramp, (n - 1 - i) / ramp);
      pcm[i] = Math.round(v * amp * g);
    }
    return new AudioClip(pcm, name);
  }

  static silence(ms: number): AudioClip {
    return new AudioClip(new Int16Array(Math.round((ms * SAMPLE_RATE) / 1000)), "silence");
  }
}

/** The voicemail beep: 1 kHz for 300 ms. */
export const BEEP = AudioClip.tone([1000], 300, 0.3, "beep");

/** North American ringback (ANSI T1.401): 440 + 480 Hz, 2 s on, 4 s off; play with `loop`. */
export const RINGBACK_US = [AudioClip.tone([440, 480], 2000, 0.2, "ringback"), AudioClip.silence(4000)];

/** European ringback (ETSI TR 101 041): 425 Hz, 1 s on, 4 s off; play with `loop`. */
export const RINGBACK_EU = [AudioClip.tone([425], 1000, 0.2, "ringback"), AudioClip.silence(4000)];
