import { createSocket, type Socket } from "node:dgram";
import { readFileSync } from "node:fs";
import { decodeG711, type G711Law, levelDb, parseRtp, readPcapUdp, writeRtpHeader } from "@ringflow/media";

// The caller's media in the end-to-end tests: SIPp does the caller's SIP and puts this socket's
// port in its SDP (`-key rtp_port`), so the test itself sends and receives the caller's RTP:
// it hears the edge (speech energy, the beep, echoed audio), speaks (SIPp's g711a.pcap) and
// presses keys (SIPp's dtmf_2833_*.pcap, RFC 4733), without sleeps: every wait is on packets.

export const SIPP_PCAPS = "/usr/share/sip-tester";

export interface Heard {
  pt: number;
  payload: Buffer;
  at: number;
}

/** RTP payloads of a SIPp capture (headers stripped), with their capture times. */
export function pcapRtp(
  name: string,
): { atMs: number; pt: number; marker: boolean; ts: number; payload: Buffer }[] {
  return readPcapUdp(readFileSync(`${SIPP_PCAPS}/${name}`)).flatMap((d) => {
    const p = parseRtp(d.payload);
    return p
      ? [
          {
            atMs: d.atMs,
            pt: p.payloadType,
            marker: p.marker,
            ts: p.timestamp,
            payload: Buffer.from(p.payload),
          },
        ]
      : [];
  });
}

export class RtpPeer {
  readonly socket: Socket;
  port = 0;
  /** Where the edge sends from (learned from its first packet: symmetric RTP). */
  remote: { address: string; port: number } | undefined;
  readonly heard: Heard[] = [];
  /** RTP packets this peer sent (its own stream paces waits that count the caller's packets). */
  sent = 0;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  private seq = 1000;
  private ts = 50_000;
  private readonly ssrc = 0x1234abcd;
  private timer: NodeJS.Timeout | undefined;
  /** Frames queued to speak (20 or 30 ms each); silence when empty. */
  private queue: Buffer[] = [];
  private onQueueEmpty: (() => void) | undefined;

  constructor(readonly law: G711Law = "PCMA") {
    this.socket = createSocket("udp4");
    this.socket.on("message", (b, ri) => {
      const p = parseRtp(b);
      if (!p) return;
      this.remote ??= { address: ri.address, port: ri.port };
      this.heard.push({ pt: p.payloadType, payload: Buffer.from(p.payload), at: performance.now() });
      this.wake();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters])
      if (w.check()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.socket.bind(0, "127.0.0.1", () => r()));
    this.port = this.socket.address().port;
    return this;
  }

  /** Resolves when `check` holds after a packet arrives or is sent (rejects after `ms`, with `what`). */
  until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }

  /** Level (dBFS) of the audio heard in packets [from, to). */
  level(from: number, to = this.heard.length): number {
    const pt = this.law === "PCMA" ? 8 : 0;
    const frames = this.heard.slice(from, to).filter((h) => h.pt === pt);
    if (frames.length === 0) return -100;
    const pcm = decodeG711(this.law, Buffer.concat(frames.map((f) => f.payload)));
    return levelDb(pcm);
  }

  /** Whether the last `n` audio frames carry speech-like energy (above -35 dBFS, not one steady tone). */
  speaking(n = 25): boolean {
    if (this.heard.length < n) return false;
    const from = this.heard.length - n;
    if (this.level(from) < -35) return false;
    // Speech varies: the loudest and quietest 100 ms of the window differ by several dB.
    const parts = [0, 1, 2, 3, 4].map((i) => this.level(from + i * (n / 5), from + (i + 1) * (n / 5)));
    return Math.max(...parts) - Math.min(...parts) > 3;
  }

  /** Index of the first frame of a run of `n` frames of a steady 1 kHz tone (the beep), or -1. */
  beepAt(n = 8, from = 0): number {
    let run = 0;
    for (let i = from; i < this.heard.length; i++) {
      const h = this.heard[i] as Heard;
      const pcm = decodeG711(this.law, h.payload);
      let zc = 0;
      for (let k = 1; k < pcm.length; k++) if ((pcm[k - 1] as number) < 0 !== (pcm[k] as number) < 0) zc++;
      // 1 kHz at 8 kHz: 2 zero crossings per 8 samples (40 per 20 ms frame), and loud.
      const tone = levelDb(pcm) > -25 && zc >= 36 && zc <= 44;
      run = tone ? run + 1 : 0;
      if (run >= n) return i - n + 1;
    }
    return -1;
  }

  /** Start the caller's stream: a frame every 20 ms (queued speech, else silence). */
  stream(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), 20);
  }

  /** Stop the stream (a phone that sends nothing while it holds the call). */
  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Queue frames to say (each sent in one packet, timestamps advanced by their length). */
  say(frames: Buffer[]): Promise<void> {
    this.queue.push(...frames);
    return new Promise((r) => {
      this.onQueueEmpty = r;
    });
  }

  private tick(): void {
    const frame = this.queue.shift();
    if (frame) {
      this.send(this.law === "PCMA" ? 8 : 0, frame, false, frame.length);
      if (this.queue.length === 0) {
        const done = this.onQueueEmpty;
        this.onQueueEmpty = undefined;
        done?.();
      }
    } else {
      this.send(
        this.law === "PCMA" ? 8 : 0,
        Buffer.alloc(160, this.law === "PCMA" ? 0xd5 : 0xff),
        false,
        160,
      );
    }
  }

  /** Send one audio packet to the edge; `advance` samples are added to the timestamp after it. */
  send(pt: number, payload: Buffer, marker: boolean, advance: number): void {
    this.sendAt(pt, payload, marker, this.ts);
    this.ts = (this.ts + advance) >>> 0;
  }

  private sendAt(pt: number, payload: Buffer, marker: boolean, ts: number): void {
    if (!this.remote) return;
    const b = Buffer.alloc(12 + payload.length);
    writeRtpHeader(b, marker, pt, this.seq, ts, this.ssrc);
    payload.copy(b, 12);
    this.seq = (this.seq + 1) & 0xffff;
    this.socket.send(b, this.remote.port, this.remote.address);
    this.sent++;
    this.wake();
  }

  /**
   * Press a key as SIPp's capture of it does (RFC 4733 packets, PT 101, with its timing and
   * retransmitted end packets), on this stream's timestamp.
   */
  async press(digit: string): Promise<void> {
    const name = digit === "*" ? "star" : digit === "#" ? "pound" : digit;
    const pkts = pcapRtp(`dtmf_2833_${name}.pcap`);
    const ts = this.ts;
    const t0 = performance.now();
    for (const p of pkts) {
      const wait = p.atMs - (performance.now() - t0);
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      this.sendAt(p.pt, p.payload, p.marker, ts);
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket.close();
  }
}
