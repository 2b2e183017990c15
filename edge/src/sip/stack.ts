import {
  type Clock,
  type Remote,
  realClock,
  type ServerTransaction,
  type SipMessage,
  type SipRequest,
  TransactionLayer,
  type Transport,
} from "@ringflow/sip-core";
import type { ClientTxHandlers, Outgoing, SipPort } from "../call/port.js";
import { resolveTarget } from "./target.js";
import { bindTransports, type Peer, TracedTransport, type Traffic } from "./transport.js";

// The edge's SIP stack: sip-core's UDP and TCP transports (screening, stateless answers to
// malformed messages) under sip-core's TransactionLayer (RFC 3261 §17 matching,
// retransmissions, timers, CANCEL). The edge is the transaction user: it gets new requests
// with their server transaction and sends requests in client transactions. It is also the
// call layer's `SipPort`. Given transports and a clock (tests: sip-core's FakeTransport and
// FakeClock) it binds nothing and runs the very same layer without I/O.

export interface StackHandlers {
  /** A new request with its server transaction; ACKs for 2xx (and strays) with `tx` null. */
  onRequest(req: SipRequest, tx: ServerTransaction | null, from: Remote): void;
  /** Every parsed message in and every message out, for call traces. */
  onTraffic?(t: Traffic): void;
}

export interface StackOptions {
  host: string;
  port: number;
  /** An extra port that takes TCP (0/undefined: none). */
  tcpPort?: number;
  udpBufferBytes: number;
  /** Transports to use instead of binding sockets (sans-I/O tests). */
  transports?: Transport[];
  clock?: Clock;
  /** Bridge target resolution (default: the system resolver). */
  resolve?: (uri: string) => Promise<Peer>;
}

export class SipStack implements SipPort {
  private layerRef: TransactionLayer | undefined;
  private transports: Transport[] = [];
  readonly clock: Clock;
  readonly resolve: (uri: string) => Promise<Peer>;
  port = 0;
  malformedCount = 0;

  constructor(
    private readonly handlers: StackHandlers,
    private readonly opts: StackOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.resolve = opts.resolve ?? resolveTarget;
  }

  get layer(): TransactionLayer {
    if (!this.layerRef) throw new Error("SIP stack not started");
    return this.layerRef;
  }

  async start(): Promise<void> {
    const bound = this.opts.transports ?? (await bindTransports(this.opts));
    this.port = bound[0]?.local.port ?? 0;
    for (const t of bound) {
      t.onReject(() => {
        this.malformedCount++;
      });
    }
    // The tracing wrapper costs a record per message: only when someone records traces.
    const onTraffic = this.handlers.onTraffic;
    this.transports = onTraffic ? bound.map((t) => new TracedTransport(t, onTraffic)) : bound;
    const layer = new TransactionLayer({
      transports: this.transports,
      clock: this.clock,
      // Answers go back where requests came from (NAT-safe, as the edge always did), and an
      // ACK for a failure with its own branch (SIPp's [branch]) still ends the retransmissions.
      symmetricResponses: true,
      looseAckMatching: true,
      // Timers I and K only absorb copies (of an ACK, of a response) after a transaction's
      // work is done; the edge drops stray ACKs and responses anyway, so over UDP they end at
      // once, as over TCP. Holding every redirected call's INVITE for T4 = 5 s (10,000 live
      // transactions at 2,000 calls/s) made garbage collection the largest cost per call. The edge
      // sends its own 100 Trying (edge.ts), so the layer keeps no 200 ms timer per INVITE.
      timers: { T4: 0, trying: Number.POSITIVE_INFINITY },
    });
    layer.onRequest((req, tx, from) => this.handlers.onRequest(req, tx, from));
    this.layerRef = layer;
  }

  close(): Promise<void> {
    this.layerRef?.close();
    return Promise.all(this.transports.map((t) => t.close())).then(() => undefined);
  }

  send(msg: SipMessage, peer: Peer): void {
    this.layer.transport(peer.transport).send(msg, peer);
  }

  request(req: SipRequest, peer: Peer, handlers: ClientTxHandlers): Outgoing {
    const tx = this.layer.sendRequest(req, peer);
    const failed = handlers.onTransportError
      ? () => handlers.onTransportError?.()
      : () => handlers.onTimeout();
    tx.onResponse = (res) => handlers.onResponse(res);
    tx.onTimeout = () => handlers.onTimeout();
    tx.onTransportError = failed;
    // A send that failed at once ended the transaction before these handlers were set.
    if (tx.state === "terminated") queueMicrotask(failed);
    return tx;
  }
}
