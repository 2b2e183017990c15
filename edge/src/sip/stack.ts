import type { SipMessage, SipRequest, SipResponse } from "@ringflow/sip-core";
import { T1, T2, TIMER_B } from "./build.js";
import { type Peer, SipTransport, type TapRecord } from "./transport.js";

// The edge's transaction layer over the transport: client transactions with RFC 3261
// retransmissions (Timer A/E until an answer, B/F as the limit), server-side absorption of
// retransmitted non-INVITE requests (the last answer is sent again). Screening and stateless
// answers to malformed messages are done by sip-core's transports (see transport.ts). INVITE
// server transactions live with the call (call/server-invite.ts): the call decides their
// final answers.

export interface Traffic {
  msg: SipMessage;
  tap: TapRecord;
}

export interface StackHandlers {
  onRequest(req: SipRequest, peer: Peer): void;
  /** Every parsed message in and every message out, for call traces. */
  onTraffic?(t: Traffic): void;
}

export interface ClientTxHandlers {
  onResponse(res: SipResponse): void;
  /** Timer B/F fired without a final response (or the transport failed). */
  onTimeout(): void;
}

interface ClientTx {
  req: SipRequest;
  bytes: Buffer;
  peer: Peer;
  handlers: ClientTxHandlers;
  isInvite: boolean;
  retransmit: NodeJS.Timeout | undefined;
  limit: NodeJS.Timeout | undefined;
  interval: number;
  done: boolean;
}

const RECENT_MS = TIMER_B;

export class SipStack {
  readonly transport: SipTransport;
  private readonly clientTx = new Map<string, ClientTx>();
  /** branch|method -> last answer to a non-INVITE request (Timer J's job). */
  private readonly recent = new Map<string, { res: Buffer; peer: Peer }>();
  private readonly recentQueue: Array<{ key: string; at: number }> = [];
  private pendingOut: { msg: SipMessage } | undefined;
  malformedCount = 0;

  constructor(
    private readonly handlers: StackHandlers,
    opts: { host: string; port: number; udpBufferBytes: number },
  ) {
    this.transport = new SipTransport(
      {
        onMessage: (msg, peer) => this.receive(msg, peer),
        onReject: () => {
          this.malformedCount++;
        },
        // The tap costs a record per message: only when someone records traces.
        ...(handlers.onTraffic ? { onTap: (tap: TapRecord) => this.onTap(tap) } : {}),
      },
      opts,
    );
  }

  private onTap(tap: TapRecord): void {
    if (!this.handlers.onTraffic) return;
    if (tap.dir === "out") {
      if (this.pendingOut) this.handlers.onTraffic({ msg: this.pendingOut.msg, tap });
      return;
    }
    // Inbound taps are reported once the message parsed (see receive()).
    this.lastInTap = tap;
  }
  private lastInTap: TapRecord | undefined;

  start(): Promise<void> {
    return this.transport.start();
  }

  close(): Promise<void> {
    for (const tx of this.clientTx.values()) this.finish(tx);
    return this.transport.close();
  }

  /** A message that passed sip-core's screening (bad ones were answered or dropped there). */
  private receive(msg: SipMessage, peer: Peer): void {
    const tap = this.lastInTap;
    this.lastInTap = undefined;
    if (tap && this.handlers.onTraffic) this.handlers.onTraffic({ msg, tap });
    if (msg.isRequest) this.receiveRequest(msg, peer);
    else this.receiveResponse(msg);
  }

  private receiveRequest(req: SipRequest, peer: Peer): void {
    if (req.method !== "INVITE" && req.method !== "ACK") {
      const key = `${req.topVia?.branch ?? ""}|${req.method}|${req.callId}`;
      const seen = this.recent.get(key);
      if (seen) {
        this.transport.send(seen.res, seen.peer);
        return;
      }
    }
    this.handlers.onRequest(req, peer);
  }

  private receiveResponse(res: SipResponse): void {
    const branch = res.topVia?.branch;
    if (!branch) return;
    const tx = this.clientTx.get(`${branch}|${res.cseq.method}`);
    if (!tx) {
      // A retransmitted 2xx after the transaction ended belongs to the dialog: pass it on.
      this.strays?.(res);
      return;
    }
    if (tx.isInvite) {
      if (tx.retransmit) {
        clearTimeout(tx.retransmit);
        tx.retransmit = undefined;
      }
      // Timer B only runs until the first answer; after a 1xx the call's ring timeout rules.
      if (!tx.done && tx.limit) {
        clearTimeout(tx.limit);
        tx.limit = undefined;
      }
      if (res.status >= 200) {
        // Keep the entry briefly so retransmitted finals reach the handler (it re-ACKs).
        if (!tx.done) {
          tx.done = true;
          if (tx.limit) clearTimeout(tx.limit);
          tx.limit = setTimeout(() => this.clientTx.delete(`${branch}|${res.cseq.method}`), RECENT_MS);
          tx.limit.unref();
        }
      }
      tx.handlers.onResponse(res);
      return;
    }
    if (tx.done) return;
    if (res.status >= 200) this.finish(tx);
    else if (tx.peer.transport === "udp" && tx.retransmit) {
      // Provisional to a non-INVITE: keep retransmitting at T2.
      tx.interval = T2;
    }
    tx.handlers.onResponse(res);
  }

  /** Responses that match no transaction (retransmitted 2xx): the edge routes them by dialog. */
  strays: ((res: SipResponse) => void) | undefined;

  /** Responses go back to where the request came from (symmetric, like rport; NAT-safe). */
  responsePeer(_req: SipRequest, source: Peer): Peer {
    return source;
  }

  /** Serialize and send one message (traced). */
  send(msg: SipMessage, peer: Peer): Buffer {
    const bytes = msg.toBuffer();
    this.pendingOut = { msg };
    this.transport.send(bytes, peer);
    this.pendingOut = undefined;
    return bytes;
  }

  /** Send bytes already serialized (retransmissions), traced as `msg`. */
  resend(msg: SipMessage, bytes: Buffer, peer: Peer): void {
    this.pendingOut = { msg };
    this.transport.send(bytes, peer);
    this.pendingOut = undefined;
  }

  /** Answer a non-INVITE request and remember the answer for its retransmissions. */
  respond(req: SipRequest, res: SipResponse, peer: Peer): void {
    const bytes = this.send(res, peer);
    if (req.method === "INVITE" || res.status < 200) return;
    const key = `${req.topVia?.branch ?? ""}|${req.method}|${req.callId}`;
    this.recent.set(key, { res: bytes, peer });
    const now = Date.now();
    this.recentQueue.push({ key, at: now });
    while (this.recentQueue.length > 0 && now - (this.recentQueue[0] as { at: number }).at > RECENT_MS) {
      this.recent.delete((this.recentQueue.shift() as { key: string }).key);
    }
  }

  /** Start a client transaction (INVITE, BYE, CANCEL, ...). */
  request(req: SipRequest, peer: Peer, handlers: ClientTxHandlers): void {
    const branch = req.topVia?.branch ?? "";
    const bytes = this.send(req, peer);
    const tx: ClientTx = {
      req,
      bytes,
      peer,
      handlers,
      isInvite: req.method === "INVITE",
      retransmit: undefined,
      limit: undefined,
      interval: T1,
      done: false,
    };
    const key = `${branch}|${req.method}`;
    this.clientTx.set(key, tx);
    if (peer.transport === "udp") {
      const again = (): void => {
        if (tx.done) return;
        this.resend(req, bytes, peer);
        tx.interval = tx.isInvite ? tx.interval * 2 : Math.min(tx.interval * 2, T2);
        tx.retransmit = setTimeout(again, tx.interval);
      };
      tx.retransmit = setTimeout(again, tx.interval);
    }
    tx.limit = setTimeout(() => {
      if (tx.done) return;
      this.finish(tx);
      this.clientTx.delete(key);
      handlers.onTimeout();
    }, TIMER_B);
  }

  /** Stop a client transaction's timers (the leg is over). */
  private finish(tx: ClientTx): void {
    tx.done = true;
    if (tx.retransmit) clearTimeout(tx.retransmit);
    tx.retransmit = undefined;
    if (tx.limit) clearTimeout(tx.limit);
    tx.limit = undefined;
    const key = `${tx.req.topVia?.branch ?? ""}|${tx.req.method}`;
    if (!tx.isInvite) this.clientTx.delete(key);
  }

  /** Forget an INVITE client transaction now (its leg ended). */
  forget(req: SipRequest): void {
    const key = `${req.topVia?.branch ?? ""}|${req.method}`;
    const tx = this.clientTx.get(key);
    if (tx) {
      this.finish(tx);
      this.clientTx.delete(key);
    }
  }
}
