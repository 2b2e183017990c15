import type { SipMessage } from "../message.js";
import type { RequestPolicy } from "../validate.js";

export type TransportProtocol = "udp" | "tcp";

/** An IP endpoint. */
export interface Address {
  address: string;
  port: number;
}

/** Where a message came from (or goes to), with the connection it used on TCP. */
export interface Remote extends Address {
  transport: TransportProtocol;
  /** TCP: id of the connection the message arrived on (responses reuse it). */
  connectionId?: number;
}

/** One message in or out, for call traces (the SIP ladder). */
export interface TapEvent {
  dir: "in" | "out";
  transport: TransportProtocol;
  local: Address;
  remote: Address;
  /** Wall-clock time, ms since the epoch (fractional). */
  at: number;
  bytes: Buffer;
}

/** A message dropped or answered statelessly by the transport, for logs and metrics. */
export interface RejectEvent {
  remote: Remote;
  action: "respond" | "drop";
  status: number | null;
  code: string;
  bytes: Buffer;
}

export type MessageHandler = (msg: SipMessage, from: Remote) => void;

/** UDP and TCP transports share this shape (TLS may come later). */
export interface Transport {
  readonly protocol: TransportProtocol;
  /** The bound address (port filled in when 0 was asked). */
  readonly local: Address;
  /** The address to write in Via/Contact when it differs from `local` (bound to 0.0.0.0, NAT). */
  readonly advertised?: Address;
  /** True for stream transports (Timers D/I/J/K are zero there). */
  readonly reliable: boolean;
  /**
   * Send a message. TCP reuses `to.connectionId` when given and open, then any open
   * connection to `to`, else connects. Failures go to `onError` (a transport error input
   * for the transaction that sent it).
   */
  send(msg: SipMessage | Buffer, to: Address | Remote, onError?: (err: Error) => void): void;
  /** Receive every message that passed screening (received/rport already set on requests). */
  onMessage(fn: MessageHandler): void;
  /** Observe every message in and out. */
  onTap(fn: (e: TapEvent) => void): void;
  /** Observe messages answered statelessly or dropped. */
  onReject(fn: (e: RejectEvent) => void): void;
  close(): Promise<void>;
}

export interface TransportOptions {
  /** Address to bind, default 127.0.0.1. */
  host?: string;
  /** Port to bind, 0 (default) lets the OS pick. */
  port?: number;
  /** Request policy for the stateless answers; null = only syntax answers (400/505). */
  policy?: RequestPolicy | null;
  /** Largest message accepted, default 64 KiB. */
  maxMessageSize?: number;
  /** Address for Via sent-by / Contact when it differs from the bound one (0.0.0.0, behind NAT). */
  advertise?: Address;
}
