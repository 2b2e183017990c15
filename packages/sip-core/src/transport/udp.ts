// UDP transport: one socket, one datagram = one message.
import { createSocket, type Socket } from "node:dgram";
import { type LookupOneOptions, lookup } from "node:dns";
import { isIP } from "node:net";
import type { SipMessage } from "../message.js";
import { parseMessage } from "../parser.js";
import { Listeners, receive } from "./receive.js";
import type {
  Address,
  MessageHandler,
  RejectEvent,
  Remote,
  TapEvent,
  Transport,
  TransportOptions,
} from "./types.js";

export interface UdpOptions extends TransportOptions {
  /**
   * SO_RCVBUF in bytes, default 4 MiB: bursts of thousands of calls/s overflow the
   * default buffer and show up as RcvbufErrors (the kernel caps it at net.core.rmem_max).
   */
  recvBufferSize?: number;
  sendBufferSize?: number;
}

export class UdpTransport implements Transport {
  readonly protocol = "udp" as const;
  readonly reliable = false;
  private readonly listeners = new Listeners();
  private localAddr: Address = { address: "", port: 0 };
  /** Stateless answers go back to where the request came from (one function, not one per datagram). */
  private readonly reply = (res: SipMessage, to: Remote): void => this.send(res, to);

  private constructor(
    private readonly socket: Socket,
    private readonly opts: UdpOptions,
  ) {}

  /** Bind a UDP socket and start receiving. */
  static async bind(opts: UdpOptions = {}): Promise<UdpTransport> {
    const host = opts.host ?? "127.0.0.1";
    const socket = createSocket({
      type: isIP(host) === 6 ? "udp6" : "udp4",
      recvBufferSize: opts.recvBufferSize ?? 4 * 1024 * 1024,
      sendBufferSize: opts.sendBufferSize ?? 1024 * 1024,
      lookup: literalFirst,
    });
    const t = new UdpTransport(socket, opts);
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(opts.port ?? 0, host, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    const a = socket.address();
    t.localAddr = { address: a.address, port: a.port };
    socket.on("message", (buf, rinfo) => t.onDatagram(buf, rinfo.address, rinfo.port));
    // ICMP errors and the like: nothing to do per datagram; keep the socket alive
    socket.on("error", () => {});
    return t;
  }

  get local(): Address {
    return this.localAddr;
  }

  get advertised(): Address {
    return this.opts.advertise ?? this.localAddr;
  }

  private onDatagram(buf: Buffer, address: string, port: number): void {
    const from: Remote = { address, port, transport: "udp" };
    if (this.listeners.tap.length > 0) {
      this.listeners.emitTap({
        dir: "in",
        transport: "udp",
        local: this.localAddr,
        remote: { address, port },
        at: now(),
        bytes: buf,
      });
    }
    if (this.opts.maxMessageSize && buf.length > this.opts.maxMessageSize) return;
    receive(parseMessage(buf), buf, from, this.opts.policy, this.listeners, this.reply);
  }

  send(msg: SipMessage | Buffer, to: Address | Remote, onError?: (err: Error) => void): void {
    const bytes = Buffer.isBuffer(msg) ? msg : msg.toBuffer();
    if (this.listeners.tap.length > 0) {
      this.listeners.emitTap({
        dir: "out",
        transport: "udp",
        local: this.localAddr,
        remote: { address: to.address, port: to.port },
        at: now(),
        bytes,
      });
    }
    // A send callback costs dgram a tick per datagram: only when someone watches for errors.
    if (onError === undefined) this.socket.send(bytes, to.port, to.address);
    else
      this.socket.send(bytes, to.port, to.address, (err) => {
        if (err) onError(err);
      });
  }

  onMessage(fn: MessageHandler): void {
    this.listeners.message.push(fn);
  }
  onTap(fn: (e: TapEvent) => void): void {
    this.listeners.tap.push(fn);
  }
  onReject(fn: (e: RejectEvent) => void): void {
    this.listeners.reject.push(fn);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/**
 * dgram resolves every destination before sending, and `dns.lookup` answers even an IP
 * literal a tick later (a queued callback and a closure per datagram). Nearly every SIP
 * destination is a literal (received/rport, resolved targets): those go out at once; names
 * still resolve through `dns.lookup`.
 */
function literalFirst(
  host: string,
  options: LookupOneOptions | number,
  cb: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const family = isIP(host);
  if (family !== 0) cb(null, host, family);
  else lookup(host, options as LookupOneOptions, cb);
}

function now(): number {
  return performance.timeOrigin + performance.now();
}
