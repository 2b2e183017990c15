import {
  createResponse,
  type Dialog,
  parseUri,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
} from "@ringflow/sip-core";
import { type Advertised, contact, inDialogRequest, via } from "../sip/dialog.js";
import type { Peer } from "../sip/transport.js";
import type { SipPort } from "./port.js";

// In-dialog requests of a bridged call, passed from one side's dialog to the other's (a
// B2BUA keeps two dialogs: the caller's "a" and the answered callee's "b"): re-INVITEs (with
// a 100 Trying at once, §17.2.1, so a slow far end does not make the sender retransmit),
// UPDATE, INFO, OPTIONS..., their answers back, and the ACK of a relayed re-INVITE's 2xx
// with the other side's CSeq. Allocated when a call is bridged.

export type Side = "a" | "b";

/** One side of the bridge: its dialog and where its requests go. */
export interface RelaySide {
  dialog: Dialog;
  peer: Peer;
  /** Send to `peer` whatever the dialog's route says (the caller: its flow, for NAT). */
  flow: boolean;
}

/** The body and its Content-Type, from one message to another. */
export function copyBody(from: SipRequest | SipResponse, to: SipRequest | SipResponse): void {
  if (from.body.length === 0) return;
  const ct = from.get("content-type");
  if (ct) to.set("Content-Type", ct);
  to.body = from.body;
}

/** §18.1.1: 200 bytes under a 1,500-byte path MTU. */
export const MTU_LIMIT = 1300;

/**
 * Whether a request to `peer` must leave UDP for its size: it goes over UDP, is over the limit,
 * and its next hop (top Route, else the Request-URI) names no transport (one that does, e.g.
 * `;transport=udp`, is kept).
 */
function mayUseTcp(req: SipRequest, peer: Peer): boolean {
  if (peer.transport !== "udp") return false;
  if (req.toBuffer().length <= MTU_LIMIT) return false;
  const route = req.route[0];
  const u = route ? route.uri : parseUri(req.uri);
  return u.kind === "sip" && !u.params.has("transport");
}

/** A copy of `req` for TCP: its Via (and Contact) say TCP (§18.1.1: "the top Via MUST be changed"). */
function onTcp(req: SipRequest, peer: Peer, advertised: Advertised): { req: SipRequest; peer: Peer } {
  const r = req.clone();
  r.set("Via", via(advertised, "tcp"));
  if (r.has("contact")) r.set("Contact", contact(advertised, "tcp"));
  return { req: r, peer: { address: peer.address, port: peer.port, transport: "tcp" } };
}

export class Relay {
  /** Re-INVITEs relayed, by `side|CSeq` of the side that sent them, waiting for their ACK. */
  private acks: Map<string, { to: Side; cseq: number }> | undefined;

  constructor(
    private readonly sip: SipPort,
    private readonly advertised: Advertised,
    private readonly a: RelaySide,
    private readonly b: RelaySide,
    /** Keeps the call alive while a relayed request is open. */
    private readonly hold: () => void,
    private readonly release: () => void,
  ) {}

  private side(s: Side): RelaySide {
    return s === "a" ? this.a : this.b;
  }

  /** A request from side `from` (already checked against its dialog, §12.2.2): pass it on. */
  request(from: Side, req: SipRequest, tx: ServerTransaction): void {
    const toSide: Side = from === "a" ? "b" : "a";
    const to = this.side(toSide);
    const isInvite = req.method === "INVITE";
    if (isInvite) tx.respond(createResponse(req, 100));
    const { req: out, peer } = inDialogRequest(
      to.dialog,
      req.method,
      to.peer,
      this.advertised,
      undefined,
      to.flow,
    );
    copyBody(req, out);
    const asking = this.side(from).dialog;
    this.hold();
    // §18.1.1: over 1,300 bytes (path MTU unknown) a request goes over TCP where the target
    // allows it, and over UDP after all if TCP cannot connect (as a leg's INVITE does).
    const sized = !to.flow && mayUseTcp(out, peer) ? onTcp(out, peer, this.advertised) : undefined;
    const send = (r: SipRequest, p: Peer, fallback: boolean): void => {
      this.sip.request(r, p, handlers(fallback));
    };
    const handlers = (fallback: boolean) => ({
      ...(fallback
        ? {
            // The UDP original (its own branch: a new transaction).
            onTransportError: () => send(out, peer, false),
          }
        : {}),
      onResponse: (res: SipResponse) => {
        if (res.status < 200 && (res.status === 100 || !isInvite)) return;
        if (res.status >= 200) to.dialog.receiveResponse(out, res);
        const back = createResponse(req, res.status, { reason: res.reason });
        if (isInvite && res.status < 300)
          back.add("Contact", contact(this.advertised, tx.transport.protocol));
        copyBody(res, back);
        if (isInvite && res.status >= 200 && res.status < 300) {
          // The ACK for this 2xx from the asking side is passed on with `to`'s CSeq.
          this.acks ??= new Map();
          this.acks.set(`${from}|${req.cseq.seq}`, { to: toSide, cseq: out.cseq.seq });
        }
        tx.respond(back);
        if (isInvite && res.status >= 200) asking.answeredInvite();
        if (res.status >= 200) this.release();
      },
      onTimeout: () => {
        tx.respond(createResponse(req, 408));
        if (isInvite) asking.answeredInvite();
        this.release();
      },
    });
    if (sized) send(sized.req, sized.peer, true);
    else send(out, peer, false);
  }

  /** An ACK from side `from`: true when it was for a relayed re-INVITE's 2xx (and passed on). */
  ack(from: Side, ack: SipRequest): boolean {
    const key = `${from}|${ack.cseq.seq}`;
    const relayed = this.acks?.get(key);
    if (!relayed) return false;
    this.acks?.delete(key);
    const to = this.side(relayed.to);
    const { req, peer } = inDialogRequest(to.dialog, "ACK", to.peer, this.advertised, relayed.cseq, to.flow);
    copyBody(ack, req);
    this.sip.send(req, peer);
    return true;
  }
}
