import {
  type Address,
  DEFAULT_POLICY,
  type MessageHandler,
  type RejectEvent,
  type Remote,
  type SipMessage,
  type TapEvent,
  TcpTransport,
  type Transport,
  UdpTransport,
} from "@ringflow/sip-core";

// sip-core's UDP and TCP transports on one address: messages arrive parsed and screened
// (malformed requests answered 400/505/... statelessly there, Via stamped with
// received/rport). For call traces each transport is wrapped so that every message in and
// out reaches the edge with its parsed form (the tap alone only has bytes).

export type TransportName = "udp" | "tcp";

/** Where a message came from or goes to (sip-core's `Remote`). */
export type Peer = Remote;

export interface TapRecord {
  dir: "in" | "out";
  transport: TransportName;
  local: string;
  remote: string;
  at: number;
  bytes: Buffer;
}

/** A message in or out with its tap record, for call traces. */
export interface Traffic {
  msg: SipMessage;
  tap: TapRecord;
}

export function addr(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

const ORIGIN = performance.timeOrigin;
/** Wall-clock milliseconds with sub-millisecond precision (for traces and pcaps). */
export function preciseNow(): number {
  return ORIGIN + performance.now();
}

/**
 * Bind UDP and TCP on one address (TCP on UDP's port when the OS picked it), and TCP also on
 * `tcpPort` when given: one TCP transport owns the connections of both ports, so responses and
 * in-dialog requests toward a caller reuse its connection whichever port it came in on.
 */
export async function bindTransports(opts: {
  host: string;
  port: number;
  tcpPort?: number;
  udpBufferBytes: number;
}): Promise<[UdpTransport, TcpTransport]> {
  const udp = await UdpTransport.bind({
    host: opts.host,
    port: opts.port,
    recvBufferSize: opts.udpBufferBytes,
    sendBufferSize: opts.udpBufferBytes,
    policy: DEFAULT_POLICY,
  });
  const tcp = await TcpTransport.listen({ host: opts.host, port: udp.local.port, policy: DEFAULT_POLICY });
  if (opts.tcpPort) await tcp.listenAlso({ host: opts.host, port: opts.tcpPort });
  return [udp, tcp];
}

/**
 * A transport that reports every parsed message it receives (before the transaction layer
 * sees it) and every message sent through it (retransmissions, 100 Trying, the ACK for a
 * failure and CANCEL included), each with its tap record.
 */
export class TracedTransport implements Transport {
  readonly protocol: TransportName;
  readonly reliable: boolean;
  private readonly localText: string;
  private out: SipMessage | undefined;
  private lastIn: TapRecord | undefined;

  constructor(
    private readonly inner: Transport,
    private readonly report: (t: Traffic) => void,
  ) {
    this.protocol = inner.protocol;
    this.reliable = inner.reliable;
    this.localText = addr(inner.local.address, inner.local.port);
    inner.onTap((e) => this.tap(e));
  }

  get local(): Address {
    return this.inner.local;
  }

  get advertised(): Address | undefined {
    return this.inner.advertised;
  }

  private tap(e: TapEvent): void {
    const rec: TapRecord = {
      dir: e.dir,
      transport: this.protocol,
      local: this.localText,
      remote: addr(e.remote.address, e.remote.port),
      at: e.at,
      bytes: e.bytes,
    };
    if (e.dir === "in") this.lastIn = rec;
    else if (this.out) this.report({ msg: this.out, tap: rec });
  }

  send(msg: SipMessage | Buffer, to: Address | Remote, onError?: (err: Error) => void): void {
    this.out = Buffer.isBuffer(msg) ? undefined : msg;
    try {
      this.inner.send(msg, to, onError);
    } finally {
      this.out = undefined;
    }
  }

  onMessage(fn: MessageHandler): void {
    this.inner.onMessage((msg, from) => {
      // Inbound taps come before parsing; the one just seen belongs to this message.
      const tap = this.lastIn;
      this.lastIn = undefined;
      if (tap) this.report({ msg, tap });
      fn(msg, from);
    });
  }

  onTap(fn: (e: TapEvent) => void): void {
    this.inner.onTap(fn);
  }

  onReject(fn: (e: RejectEvent) => void): void {
    this.inner.onReject(fn);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
