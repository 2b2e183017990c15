import {
  type ClientTransaction,
  type Remote,
  type ServerTransaction,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  TransactionLayer,
  type Transport,
} from "@ringflow/sip-core";
import { bindTransports, type Peer, TracedTransport, type Traffic } from "./transport.js";

// The edge's SIP stack: sip-core's UDP and TCP transports (screening, stateless answers to
// malformed messages) under sip-core's TransactionLayer (RFC 3261 §17 matching,
// retransmissions, timers, CANCEL). The edge is the transaction user: it gets new requests
// with their server transaction and sends requests in client transactions.

export interface StackHandlers {
  /** A new request with its server transaction; ACKs for 2xx (and strays) with `tx` null. */
  onRequest(req: SipRequest, tx: ServerTransaction | null, from: Remote): void;
  /** Every parsed message in and every message out, for call traces. */
  onTraffic?(t: Traffic): void;
}

export interface ClientTxHandlers {
  onResponse(res: SipResponse): void;
  /** Timer B/F fired without a final response, or the transport failed. */
  onTimeout(): void;
}

export class SipStack {
  private layerRef: TransactionLayer | undefined;
  private transports: Transport[] = [];
  port = 0;
  malformedCount = 0;

  constructor(
    private readonly handlers: StackHandlers,
    private readonly opts: { host: string; port: number; udpBufferBytes: number },
  ) {}

  get layer(): TransactionLayer {
    if (!this.layerRef) throw new Error("SIP stack not started");
    return this.layerRef;
  }

  async start(): Promise<void> {
    const bound = await bindTransports(this.opts);
    this.port = bound[0].local.port;
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

  /** Send a message outside any transaction (the ACK for a 2xx). */
  send(msg: SipMessage, peer: Peer): void {
    this.layer.transport(peer.transport).send(msg, peer);
  }

  /** Start a client transaction (INVITE, BYE, ...); its timers and retransmissions are sip-core's. */
  request(req: SipRequest, peer: Peer, handlers: ClientTxHandlers): ClientTransaction {
    const tx = this.layer.sendRequest(req, peer);
    tx.onResponse = (res) => handlers.onResponse(res);
    tx.onTimeout = () => handlers.onTimeout();
    tx.onTransportError = () => handlers.onTimeout();
    return tx;
  }
}
