// Plays audio the API answered (a prompt, a rendered text, a voicemail) and says how long it is:
// the bytes are decoded first, so what "Listen" reports is audio that really decodes.

let current: HTMLAudioElement | null = null;

/** Decodes and plays `blob`; resolves with its length in seconds once playback has started. */
export async function playBlob(blob: Blob): Promise<number> {
  const bytes = await blob.arrayBuffer();
  let seconds = Number.NaN;
  const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (Ctx) {
    const ctx = new Ctx();
    try {
      seconds = (await ctx.decodeAudioData(bytes.slice(0))).duration;
    } finally {
      void ctx.close();
    }
  }
  current?.pause();
  const url = URL.createObjectURL(blob);
  current = new Audio(url);
  current.onended = () => URL.revokeObjectURL(url);
  // Autoplay rules or a missing output device must not hide that the audio decoded.
  await current.play().catch(() => undefined);
  return seconds;
}

export function stopPlayback(): void {
  current?.pause();
  current = null;
}
