import type { Clock, SipMessage, SipRequest, SipResponse } from "@ringflow/sip-core";
import type { Peer } from "../sip/transport.js";

// What the call layer needs from the SIP stack, and nothing more: the call layer is sans-I/O
// like sip-core. In production `SipStack` (sip/stack.ts) implements it over sip-core's
// TransactionLayer on real sockets; tests build the same layer over sip-core's FakeTransport
// and FakeClock (`@ringflow/sip-core/testing`) and drive whole calls on a fake clock.

export interface ClientTxHandlers {
  /** Every response: 1xx, the final one, and 2xx retransmissions (and other forks' 2xx). */
  onResponse(res: SipResponse): void;
  /** Timer B/F fired without a final response (or the transport failed, without `onTransportError`). */
  onTimeout(): void;
  /** The transport could not send it (a TCP connection refused). */
  onTransportError?(): void;
}

/** A request in flight (a sip-core client transaction). */
export interface Outgoing {
  /** CANCEL an INVITE (§9.1): sent once a provisional has arrived. */
  cancel(): void;
}

export interface SipPort {
  /** Send a message outside any transaction (the ACK for a 2xx, §13.2.2.4). */
  send(msg: SipMessage, peer: Peer): void;
  /** Send a request in a client transaction (retransmissions and timers are sip-core's). */
  request(req: SipRequest, peer: Peer, handlers: ClientTxHandlers): Outgoing;
  /** Timers (ring timeouts) and monotonic time: sip-core's clock, fake in tests. */
  readonly clock: Clock;
  /** Where a bridge target goes (DNS in production; a table in tests). */
  resolve(uri: string): Promise<Peer>;
}
