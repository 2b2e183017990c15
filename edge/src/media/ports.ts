import { createSocket, type Socket } from "node:dgram";
import { lookup as dnsLookup, type LookupOneOptions } from "node:dns";
import { isIPv4 } from "node:net";

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

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * The address look-up dgram runs before every datagram sent on an unconnected socket. Node's
 * default (dns.lookup) answers even an IP literal through process.nextTick: a closure and a tick
 * per packet, and the datagram leaves only after the sender returned. SDP carries literals
 * (RFC 4566 §5.7), so this answers an IPv4 literal at once (the last one seen is remembered, a
 * stream sends to one address) and leaves anything else to dns.lookup. With it, `send` to a
 * literal reaches the kernel before it returns (see `sentAtOnce`).
 */
export function literalLookup(): (
  hostname: string,
  options: LookupOneOptions | number,
  callback: LookupCallback,
) => void {
  let last = "";
  return (hostname, options, callback) => {
    if (hostname === last || isIPv4(hostname)) {
      last = hostname;
      callback(null, hostname, 4);
      return;
    }
    dnsLookup(hostname, typeof options === "number" ? { family: options } : options, callback);
  };
}

/**
 * After `socket.send(data, port, address)` on a pool socket: true when the datagram is in the
 * kernel and `data` may be reused. False when the send still holds `data`: a host name being
 * looked up, or the kernel's send buffer was full and libuv queued the datagram.
 */
export function sentAtOnce(socket: Socket, address: string): boolean {
  return socket.getSendQueueCount() === 0 && isIPv4Cached(address);
}

let lastLiteral = "";
function isIPv4Cached(address: string): boolean {
  if (address === lastLiteral) return true;
  if (!isIPv4(address)) return false;
  lastLiteral = address;
  return true;
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
      lookup: literalLookup(),
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
