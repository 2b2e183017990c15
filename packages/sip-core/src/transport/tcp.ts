// TCP transport: a listening socket plus outbound connections, all framed by StreamFramer.
// Connections are kept by id and by remote ip:port so responses and later requests reuse
// them (RFC 3261 §18.2.2: a response goes back over the connection the request came on).
import { connect, createServer, type Server, type Socket } from "node:net";
import type { SipMessage } from "../message.js";
import { StreamFramer } from "../stream.js";
import { DEFAULT_POLICY, screen, verdictResponse } from "../validate.js";
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

export interface TcpOptions extends TransportOptions {
  /** Close connections idle this long (ms), default 5 minutes; 0 keeps them. */
  idleTimeout?: number;
  /** Accepted connections at once, from everyone (default 10,000); more are closed on arrival. */
  maxConnections?: number;
  /** Accepted connections at once from one source address (default 64); more are closed on arrival. */
  maxConnectionsPerSource?: number;
  /**
   * Bytes one source address may have buffered in unfinished messages across its connections
   * (default 1 MiB); past it the connection that grew it is closed. Each connection is also held
   * to maxMessageSize by its framer.
   */
  maxPendingPerSource?: number;
}

/** What one source address holds: accepted connections and bytes waiting in their framers. */
interface SourceLoad {
  address: string;
  conns: number;
  pending: number;
}

interface Conn {
  id: number;
  socket: Socket;
  remote: Address;
  framer: StreamFramer;
  ready: boolean;
  queue: Buffer[];
  /** Counted in `sources` (accepted connections only). */
  source?: SourceLoad;
  pending: number;
}

export class TcpTransport implements Transport {
  readonly protocol = "tcp" as const;
  readonly reliable = true;
  private readonly listeners = new Listeners();
  private readonly byId = new Map<number, Conn>();
  private readonly byRemote = new Map<string, Conn>();
  private readonly sources = new Map<string, SourceLoad>();
  private accepted = 0;
  private nextId = 1;
  private localAddr: Address = { address: "", port: 0 };
  /** Listeners added by `listenAlso` (their connections are this transport's like any other). */
  private readonly extraServers: Server[] = [];

  private constructor(
    private readonly server: Server,
    private readonly opts: TcpOptions,
  ) {}

  /** Listen for connections and start receiving. */
  static async listen(opts: TcpOptions = {}): Promise<TcpTransport> {
    const server = createServer();
    const t = new TcpTransport(server, opts);
    server.on("connection", (s) => t.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const a = server.address();
    if (a && typeof a === "object") t.localAddr = { address: a.address, port: a.port };
    return t;
  }

  get local(): Address {
    return this.localAddr;
  }

  /**
   * Also accept connections on another port (a deployment whose load balancer forwards TCP to a
   * port of its own). Its connections join the same tables, so responses and later requests reuse
   * them whichever port they came in on (§18.2.2). Resolves with the bound port.
   */
  async listenAlso(opts: { host?: string; port: number }): Promise<number> {
    const server = createServer();
    server.on("connection", (s) => this.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port, opts.host ?? this.localAddr.address, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.extraServers.push(server);
    const a = server.address();
    return a && typeof a === "object" ? a.port : 0;
  }

  get advertised(): Address {
    return this.opts.advertise ?? this.localAddr;
  }

  /** Number of open connections. */
  get connections(): number {
    return this.byId.size;
  }

  /** An inbound connection, unless its source (or everyone) is at the cap. */
  private accept(socket: Socket): void {
    const address = socket.remoteAddress ?? "";
    const load = this.sources.get(address) ?? { address, conns: 0, pending: 0 };
    if (
      this.accepted >= (this.opts.maxConnections ?? 10_000) ||
      load.conns >= (this.opts.maxConnectionsPerSource ?? 64)
    ) {
      socket.on("error", () => {});
      socket.destroy();
      return;
    }
    load.conns++;
    this.accepted++;
    this.sources.set(address, load);
    this.adopt(socket, true).source = load;
  }

  private adopt(socket: Socket, ready: boolean): Conn {
    socket.setNoDelay(true);
    const remote = { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 };
    const conn: Conn = {
      id: this.nextId++,
      socket,
      remote,
      framer: new StreamFramer({ maxMessageSize: this.opts.maxMessageSize }),
      ready,
      queue: [],
      pending: 0,
    };
    this.byId.set(conn.id, conn);
    if (ready) this.byRemote.set(key(remote), conn);
    const idle = this.opts.idleTimeout ?? 300_000;
    if (idle > 0) socket.setTimeout(idle, () => socket.destroy());
    socket.on("data", (chunk) => this.onData(conn, chunk));
    socket.on("error", () => {});
    socket.on("close", () => this.forget(conn));
    return conn;
  }

  private forget(conn: Conn): void {
    if (!this.byId.has(conn.id)) return;
    const load = conn.source;
    if (load) {
      load.conns--;
      load.pending -= conn.pending;
      this.accepted--;
      if (load.conns === 0) this.sources.delete(load.address);
    }
    this.byId.delete(conn.id);
    if (this.byRemote.get(key(conn.remote)) === conn) this.byRemote.delete(key(conn.remote));
  }

  private onData(conn: Conn, chunk: Buffer): void {
    const from: Remote = {
      address: conn.remote.address,
      port: conn.remote.port,
      transport: "tcp",
      connectionId: conn.id,
    };
    const frames = conn.framer.push(chunk);
    if (conn.source) {
      const now = conn.framer.pending;
      conn.source.pending += now - conn.pending;
      conn.pending = now;
      if (conn.source.pending > (this.opts.maxPendingPerSource ?? 1024 * 1024)) {
        conn.socket.destroy();
        return;
      }
    }
    for (const f of frames) {
      if (f.kind === "ping") {
        this.write(conn, Buffer.from("\r\n"));
        continue;
      }
      if (f.kind === "fatal") {
        const v = screen(f.error, this.opts.policy === undefined ? DEFAULT_POLICY : this.opts.policy);
        if (v.action === "respond") this.write(conn, verdictResponse(v).toBuffer());
        for (const l of this.listeners.reject) {
          l({
            remote: from,
            action: v.action === "respond" ? "respond" : "drop",
            status: v.action === "respond" ? v.status : null,
            code: f.error.code,
            bytes: chunk,
          });
        }
        conn.socket.end();
        continue;
      }
      if (this.listeners.tap.length > 0) {
        this.listeners.emitTap({
          dir: "in",
          transport: "tcp",
          local: this.localAddr,
          remote: conn.remote,
          at: now(),
          bytes: f.bytes,
        });
      }
      receive(f.parsed, f.bytes, from, this.opts.policy, this.listeners, (res) =>
        this.write(conn, res.toBuffer()),
      );
    }
  }

  private write(conn: Conn, bytes: Buffer): void {
    if (this.listeners.tap.length > 0 && bytes.length > 2) {
      this.listeners.emitTap({
        dir: "out",
        transport: "tcp",
        local: this.localAddr,
        remote: conn.remote,
        at: now(),
        bytes,
      });
    }
    if (conn.ready) conn.socket.write(bytes);
    else conn.queue.push(bytes);
  }

  send(msg: SipMessage | Buffer, to: Address | Remote, onError?: (err: Error) => void): void {
    const bytes = Buffer.isBuffer(msg) ? msg : msg.toBuffer();
    const id = (to as Remote).connectionId;
    let conn = id === undefined ? undefined : this.byId.get(id);
    if (!conn || conn.socket.destroyed) conn = this.byRemote.get(key(to));
    if (!conn || conn.socket.destroyed) conn = this.open(to, onError);
    this.write(conn, bytes);
  }

  private open(to: Address, onError?: (err: Error) => void): Conn {
    const socket = connect({ host: to.address, port: to.port });
    const conn = this.adopt(socket, false);
    conn.remote = { address: to.address, port: to.port };
    this.byRemote.set(key(conn.remote), conn);
    socket.once("connect", () => {
      conn.ready = true;
      for (const b of conn.queue) socket.write(b);
      conn.queue = [];
    });
    socket.once("error", (err) => {
      if (!conn.ready && onError) onError(err);
    });
    return conn;
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
    for (const c of this.byId.values()) c.socket.destroy();
    const closing = [this.server, ...this.extraServers].map(
      (srv) => new Promise<void>((resolve) => srv.close(() => resolve())),
    );
    return Promise.all(closing).then(() => undefined);
  }
}

function key(a: Address): string {
  return `${a.address}|${a.port}`;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}
