import {
  type Address,
  DEFAULT_POLICY,
  type Remote,
  type SipMessage,
  TcpTransport,
  UdpTransport,
} from "@ringflow/sip-core";

// sip-core's UDP and TCP transports on one address, seen by the edge as one: messages arrive
// parsed and screened (malformed requests answered 400/505/... statelessly there, Via stamped
// with received/rport), and the tap sees every message in both directions for call traces.

export type TransportName = "udp" | "tcp";

export interface Peer {
  transport: TransportName;
  host: string;
  port: number;
  /** TCP: the connection a request came on (its responses go back on it). */
  connectionId?: number;
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
  onMessage(msg: SipMessage, peer: Peer): void;
  /** Every message in (before onMessage) and out (during send). */
  onTap?(rec: TapRecord): void;
  /** A message answered statelessly or dropped by the screening. */
  onReject?(): void;
}

export function addr(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Wall-clock milliseconds with sub-millisecond precision (for traces and pcaps). */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export class SipTransport {
  private udp: UdpTransport | undefined;
  private tcp: TcpTransport | undefined;
  local = "";
  port = 0;

  constructor(
    private readonly handlers: TransportHandlers,
    private readonly opts: { host: string; port: number; udpBufferBytes: number },
  ) {}

  async start(): Promise<void> {
    const udp = await UdpTransport.bind({
      host: this.opts.host,
      port: this.opts.port,
      recvBufferSize: this.opts.udpBufferBytes,
      sendBufferSize: this.opts.udpBufferBytes,
      policy: DEFAULT_POLICY,
    });
    this.udp = udp;
    this.port = udp.local.port;
    this.local = addr(this.opts.host, this.port);
    this.tcp = await TcpTransport.listen({ host: this.opts.host, port: this.port, policy: DEFAULT_POLICY });
    for (const t of [udp, this.tcp]) {
      const transport = t.protocol;
      t.onMessage((msg, from) => this.handlers.onMessage(msg, toPeer(from)));
      t.onReject(() => this.handlers.onReject?.());
      const onTap = this.handlers.onTap;
      if (onTap) {
        t.onTap((e) =>
          onTap({
            dir: e.dir,
            transport,
            local: this.local,
            remote: addr(e.remote.address, e.remote.port),
            at: e.at,
            bytes: e.bytes,
          }),
        );
      }
    }
  }

  /** Send one message; TCP reuses the peer's connection when there is one. */
  send(bytes: Buffer, peer: Peer): void {
    const to: Remote = {
      address: peer.host,
      port: peer.port,
      transport: peer.transport,
      ...(peer.connectionId !== undefined ? { connectionId: peer.connectionId } : {}),
    };
    if (peer.transport === "udp") this.udp?.send(bytes, to);
    else this.tcp?.send(bytes, to);
  }

  async close(): Promise<void> {
    await Promise.all([this.udp?.close(), this.tcp?.close()]);
  }
}

function toPeer(from: Remote): Peer {
  const p: Peer = { transport: from.transport, host: from.address, port: from.port };
  if (from.connectionId !== undefined) p.connectionId = from.connectionId;
  return p;
}

export type { Address };
