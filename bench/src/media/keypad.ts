// The edge-driven media bench's keypad: which RFC 4733 packets each stream sends, and when.
// Stream i presses the 4 digits of its code (i, zero-padded), so a collect.done names its stream.
// Each digit is RFC 4733 §2.5: a first packet with the marker bit, two updates 20 ms apart, then
// the end packet sent three times (§2.5.1.4), the same RTP timestamp throughout; 40 ms between
// digits. Streams start spread evenly over `spreadMs` so the edge sees a steady load.

export interface KeypadPacket {
  atMs: number;
  stream: number;
  code: string;
  digit: number;
  seq: number;
  timestamp: number;
  marker: boolean;
  end: boolean;
  /** Duration so far, in 8 kHz samples. */
  duration: number;
  /** The first end packet of the code's last digit: the press the collect ends on. */
  lastEnd: boolean;
}

export const codeOf = (stream: number): string => String(stream % 10_000).padStart(4, "0");

/** Every packet of every stream's code, sorted by time. */
export function pressPlan(streams: number, spreadMs: number): KeypadPacket[] {
  const out: KeypadPacket[] = [];
  for (let s = 0; s < streams; s++) {
    const code = codeOf(s);
    let at = streams > 1 ? (s * spreadMs) / streams : 0;
    let seq = 1;
    for (let d = 0; d < code.length; d++) {
      const digit = Number(code[d]);
      const timestamp = 8000 * (d + 1) * 10;
      for (let k = 0; k < 6; k++) {
        const end = k >= 3;
        out.push({
          atMs: at + Math.min(k, 3) * 20,
          stream: s,
          code,
          digit,
          seq: seq++,
          timestamp,
          marker: k === 0,
          end,
          duration: 160 * (Math.min(k, 3) + 1),
          lastEnd: end && k === 3 && d === code.length - 1,
        });
      }
      at += 100;
    }
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** One telephone-event packet, payload type 101, on an SSRC of its own per stream. */
export function telephoneEvent(p: KeypadPacket): Buffer {
  const b = Buffer.alloc(16);
  b[0] = 0x80;
  b[1] = (p.marker ? 0x80 : 0) | 101;
  b.writeUInt16BE(p.seq & 0xffff, 2);
  b.writeUInt32BE(p.timestamp >>> 0, 4);
  b.writeUInt32BE((0x4b000000 + p.stream) >>> 0, 8);
  b[12] = p.digit;
  b[13] = (p.end ? 0x80 : 0) | 10;
  b.writeUInt16BE(p.duration, 14);
  return b;
}

/** Lost codes and press -> collect.done latencies (ms, sorted) from the two sides' records. */
export function matchPresses(
  pressed: Record<string, number>,
  done: Record<string, number>,
): { presses: number; lost: number; latencies: number[] } {
  const latencies: number[] = [];
  let lost = 0;
  for (const [code, at] of Object.entries(pressed)) {
    const d = done[code];
    if (d === undefined) lost++;
    else latencies.push(Math.max(0, d - at));
  }
  return { presses: Object.keys(pressed).length, lost, latencies: latencies.sort((a, b) => a - b) };
}
