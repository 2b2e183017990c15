import { createSocket, type Socket } from "node:dgram";

// The RTP port pool: even ports of a configured range for RTP, each with the odd port above it
// for RTCP (RFC 3550 §11), bound as a pair per call and handed back when the call ends. A port
// another process holds is skipped (its bind fails) and tried again on a later turn. When no
// pair can be bound the call is refused with 503 and Retry-After (executor.ts).

export interface RtpPair {
  port: number;
  rtp: Socket;
  rtcp: Socket;
  /** Both sockets bound (false: a port was taken by someone else). */
  bound: Promise<boolean>;
}

function closeQuietly(s: Socket): void {
  try {
    s.close();
  } catch {}
}

export interface PortRange {
  min: number;
  max: number;
}

/** "20000-20999" -> { min: 20000, max: 20999 } (min rounded up to even, at least one pair). */
export function parsePortRange(text: string): PortRange | undefined {
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = Number(m[2]);
  const even = min + (min & 1);
  if (min < 1024 || max > 65535 || even + 1 > max) return undefined;
  return { min: even, max };
}

export class RtpPortPool {
  /** Free even ports, taken from the front and returned to the back (a port rests before reuse). */
  private readonly free: number[] = [];
  private inUse = 0;

  constructor(
    readonly range: PortRange,
    private readonly host: string,
    private readonly bufferBytes = 256 * 1024,
  ) {
    for (let p = range.min; p + 1 <= range.max; p += 2) this.free.push(p);
  }

  get available(): number {
    return this.free.length;
  }

  get used(): number {
    return this.inUse;
  }

  /**
   * Binds a pair and waits for it, or undefined when every free port of the range is taken (a
   * port held by another process goes to the back and the next one is tried).
   */
  async acquire(): Promise<RtpPair | undefined> {
    for (let tries = this.free.length; tries > 0; tries--) {
      const pair = this.take();
      if (!pair) return undefined;
      if (await pair.bound) return pair;
      this.release(pair);
    }
    return undefined;
  }

  /**
   * A pair at once, its sockets binding (`bound` says how that went): for an SDP offer that must
   * be written in this turn (a bridge's). Undefined when the range is used up.
   */
  take(): RtpPair | undefined {
    const port = this.free.shift();
    if (port === undefined) return undefined;
    this.inUse++;
    const rtp = this.bind(port);
    const rtcp = this.bind(port + 1);
    const bound = Promise.all([rtp.ok, rtcp.ok]).then(([a, b]) => a && b);
    return { port, rtp: rtp.socket, rtcp: rtcp.socket, bound };
  }

  release(pair: RtpPair): void {
    void pair.bound.then(() => {
      closeQuietly(pair.rtp);
      closeQuietly(pair.rtcp);
      this.inUse--;
      this.free.push(pair.port);
    });
  }

  private bind(port: number): { socket: Socket; ok: Promise<boolean> } {
    const socket = createSocket({
      type: "udp4",
      recvBufferSize: this.bufferBytes,
      sendBufferSize: this.bufferBytes,
    });
    const ok = new Promise<boolean>((resolve) => {
      const failed = () => resolve(false);
      socket.once("error", failed);
      socket.bind(port, this.host, () => {
        socket.off("error", failed);
        // A send to a closed port (ICMP unreachable) must not crash the process.
        socket.on("error", () => {});
        resolve(true);
      });
    });
    return { socket, ok };
  }
}
