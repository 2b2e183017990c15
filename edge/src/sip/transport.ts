import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server, Socket } from "node:net";

// UDP + TCP on one address, with a tap that sees every datagram/stream message in both
// directions. Kept inside the edge as an adapter: the edge needs stream framing, a
// connection reused for answers and for outbound legs, large UDP buffers and the tap in one
// place. TCP framing reads Content-Length (also compact `l`); a stream without one is closed.

export type TransportName = "udp" | "tcp";

export interface Peer {
  transport: TransportName;
  host: string;
  port: number;
}

export interface TapRecord {
  dir: "in" | "out";
  transport: TransportName;
  local: string;
  remote: string;
  at: number;
  bytes: Buffer;
}

export interface TransportHandlers {
  onMessage(bytes: Buffer, peer: Peer): void;
  /** Called for every message in and out (before onMessage / after the write). */
  onTap?(rec: TapRecord): void;
  onError?(err: Error): void;
}

const MAX_STREAM_BUFFER = 256 * 1024;
const HEADER_END = Buffer.from("\r\n\r\n");
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im;

export function peerKey(p: Peer): string {
  return `${p.transport}:${p.host}:${p.port}`;
}

export function addr(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Wall-clock milliseconds with sub-millisecond precision (for traces and pcaps). */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export class SipTransport {
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly conns = new Map<string, Socket>();
  local = "";
  port = 0;

  constructor(
    private readonly handlers: TransportHandlers,
    private readonly opts: { host: string; port: number; udpBufferBytes: number },
  ) {}

  async start(): Promise<void> {
    const udp = createSocket({
      type: this.opts.host.includes(":") ? "udp6" : "udp4",
      recvBufferSize: this.opts.udpBufferBytes,
      sendBufferSize: this.opts.udpBufferBytes,
    });
    udp.on("message", (bytes, rinfo) => {
      const peer: Peer = { transport: "udp", host: rinfo.address, port: rinfo.port };
      if (this.handlers.onTap) this.tap("in", peer, bytes);
      this.handlers.onMessage(bytes, peer);
    });
    udp.on("error", (e) => this.handlers.onError?.(e));
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(this.opts.port, this.opts.host, () => {
        udp.off("error", reject);
        resolve();
      });
    });
    this.udp = udp;
    this.port = udp.address().port;
    this.local = addr(this.opts.host, this.port);
    const tcp = createServer((sock) => this.adopt(sock));
    tcp.on("error", (e) => this.handlers.onError?.(e));
    await new Promise<void>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(this.port, this.opts.host, () => {
        tcp.off("error", reject);
        resolve();
      });
    });
    this.tcp = tcp;
  }

  private tap(dir: "in" | "out", peer: Peer, bytes: Buffer): void {
    this.handlers.onTap?.({
      dir,
      transport: peer.transport,
      local: this.local,
      remote: addr(peer.host, peer.port),
      at: preciseNow(),
      bytes,
    });
  }

  private adopt(sock: Socket): void {
    const peer: Peer = {
      transport: "tcp",
      host: sock.remoteAddress ?? "0.0.0.0",
      port: sock.remotePort ?? 0,
    };
    this.conns.set(peerKey(peer), sock);
    sock.setNoDelay(true);
    this.frame(sock, peer);
  }

  /** Send one message; for TCP, over the peer's connection or a new one. */
  send(bytes: Buffer, peer: Peer): void {
    if (peer.transport === "udp") {
      // No per-send callback: errors surface on the socket's "error" event.
      this.udp?.send(bytes, peer.port, peer.host);
      if (this.handlers.onTap) this.tap("out", peer, bytes);
      return;
    }
    let sock = this.conns.get(peerKey(peer));
    if (!sock || sock.destroyed) {
      sock = new Socket();
      const s = sock;
      this.conns.set(peerKey(peer), s);
      s.connect(peer.port, peer.host);
      s.setNoDelay(true);
      // Responses and requests from that peer come back on the same socket.
      this.frame(s, peer);
    }
    sock.write(bytes);
    this.tap("out", peer, bytes);
  }

  /** Split a stream into messages by Content-Length (accepted and dialled sockets alike). */
  private frame(sock: Socket, peer: Peer): void {
    const key = peerKey(peer);
    let buf = Buffer.alloc(0);
    sock.on("data", (chunk) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      for (;;) {
        // Keep-alive CRLFs between messages (RFC 5626) are skipped.
        let skip = 0;
        while (skip + 1 < buf.length && buf[skip] === 13 && buf[skip + 1] === 10) skip += 2;
        if (skip > 0) buf = buf.subarray(skip);
        const end = buf.indexOf(HEADER_END);
        if (end < 0) {
          if (buf.length > MAX_STREAM_BUFFER) sock.destroy();
          return;
        }
        const m = CONTENT_LENGTH.exec(buf.toString("latin1", 0, end));
        const total = m ? end + 4 + Number(m[1]) : -1;
        if (total < 0 || total > MAX_STREAM_BUFFER) {
          sock.destroy();
          return;
        }
        if (buf.length < total) return;
        const one = buf.subarray(0, total);
        buf = buf.subarray(total);
        this.tap("in", peer, one);
        this.handlers.onMessage(one, peer);
      }
    });
    sock.on("error", () => {});
    sock.on("close", () => {
      if (this.conns.get(key) === sock) this.conns.delete(key);
    });
  }

  async close(): Promise<void> {
    for (const s of this.conns.values()) s.destroy();
    this.conns.clear();
    await Promise.all([
      new Promise<void>((r) => (this.udp ? this.udp.close(() => r()) : r())),
      new Promise<void>((r) => (this.tcp ? this.tcp.close(() => r()) : r())),
    ]);
  }
}
