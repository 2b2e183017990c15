// RFC 3261 §12 dialogs: identity, route set, CSeq bookkeeping, remote target, and building
// in-dialog requests (§12.2.1.1), with the §14 re-INVITE rules.
import { randomToken } from "./builders.js";
import { type NameAddr, parseNameAddr } from "./headers.js";
import { type SipMessage, SipRequest, type SipResponse } from "./message.js";
import type { TransportProtocol } from "./transport/types.js";
import { formatUri, parseUri } from "./uri.js";

export type DialogState = "early" | "confirmed" | "terminated";

/** Dialog identity (§12): Call-ID plus local and remote tags. */
export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

/** The key a dialog is stored under; `dialogKeyOf` computes it from a message. */
export function dialogKey(id: DialogId): string {
  return `${id.callId}|${id.localTag}|${id.remoteTag}`;
}

/**
 * Key of the dialog a message belongs to, seen from our side: for requests we receive the
 * local tag is the To tag; for responses we receive it is the From tag.
 */
export function dialogKeyOf(msg: SipMessage): string | null {
  const local = msg.isRequest ? msg.to.tag : msg.from.tag;
  const remote = msg.isRequest ? msg.from.tag : msg.to.tag;
  if (!local || !remote) return null;
  return dialogKey({ callId: msg.callId, localTag: local, remoteTag: remote });
}

export class Dialog {
  state: DialogState;
  /** Route set, in the order requests carry it (NameAddr text). */
  routeSet: string[];
  /** Remote target (Contact URI text). */
  remoteTarget: string;
  /** Last CSeq we used; the next request gets localSeq + 1. */
  localSeq: number;
  /** Highest CSeq seen from the peer (null until the first request). */
  remoteSeq: number | null;
  /** Our INVITE transaction in progress in this dialog (re-INVITE glare detection). */
  uacInviteSeq: number | null = null;
  /** The peer's INVITE we have not answered finally yet. */
  uasInviteSeq: number | null = null;

  private constructor(
    readonly role: "uac" | "uas",
    readonly id: DialogId,
    /** Our URI (From of our requests) and the peer's (To), as NameAddr without tags. */
    readonly localUri: NameAddr,
    readonly remoteUri: NameAddr,
    readonly secure: boolean,
    init: {
      state: DialogState;
      routeSet: string[];
      remoteTarget: string;
      localSeq: number;
      remoteSeq: number | null;
    },
  ) {
    this.state = init.state;
    this.routeSet = init.routeSet;
    this.remoteTarget = init.remoteTarget;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
  }

  get key(): string {
    return dialogKey(this.id);
  }

  /**
   * §12.1.2: the UAC side, from our INVITE and a 1xx (with To tag) or 2xx response. Route set
   * = the response's Record-Route reversed; remote target = its Contact.
   */
  static asUac(invite: SipRequest, res: SipResponse): Dialog {
    const remoteTag = res.to.tag;
    if (!remoteTag) throw new Error("response without To tag cannot create a dialog");
    return new Dialog(
      "uac",
      { callId: invite.callId, localTag: invite.from.tag ?? "", remoteTag },
      stripTag(invite.from),
      stripTag(res.to),
      isSips(invite.uri),
      {
        state: res.status < 200 ? "early" : "confirmed",
        routeSet: res.recordRoute.map((r) => r.toString()).reverse(),
        remoteTarget: res.contact[0]?.uriText ?? invite.uri,
        localSeq: invite.cseq.seq,
        remoteSeq: null,
      },
    );
  }

  /**
   * §12.1.1: the UAS side, from the INVITE and the To tag we answer with. Route set = the
   * request's Record-Route in order; remote target = its Contact.
   */
  static asUas(invite: SipRequest, localTag: string, state: DialogState = "confirmed"): Dialog {
    return new Dialog(
      "uas",
      { callId: invite.callId, localTag, remoteTag: invite.from.tag ?? "" },
      stripTag(invite.to),
      stripTag(invite.from),
      isSips(invite.uri),
      {
        state,
        routeSet: invite.recordRoute.map((r) => r.toString()),
        remoteTarget: invite.contact[0]?.uriText ?? "",
        localSeq: Math.floor(Math.random() * 10000),
        remoteSeq: invite.cseq.seq,
      },
    );
  }

  /**
   * Build an in-dialog request (§12.2.1.1): To/From with the tags, the Call-ID, CSeq one
   * higher (ACK and CANCEL: pass `cseq` of the INVITE), and the Request-URI/Route per loose
   * routing (or strict routing when the first route lacks `lr`).
   */
  createRequest(
    method: string,
    opts: {
      cseq?: number;
      contact?: string;
      body?: Buffer | string;
      contentType?: string;
      headers?: Array<[string, string]>;
    } = {},
  ): SipRequest {
    let seq: number;
    if (opts.cseq !== undefined) seq = opts.cseq;
    else seq = ++this.localSeq;
    let uri = this.remoteTarget;
    let routes = this.routeSet;
    const first = routes[0];
    if (first) {
      const na = parseNameAddr(first, 0, first.length);
      const fu = na.uri;
      if (fu.kind === "sip" && !fu.params.has("lr")) {
        // strict router: its URI becomes the Request-URI, the remote target goes last
        uri = na.uriText;
        routes = [...routes.slice(1), `<${this.remoteTarget}>`];
      }
    }
    const req = new SipRequest(method, uri);
    req.add("Max-Forwards", "70");
    for (const r of routes) req.add("Route", r);
    const from = this.localUri.clone();
    from.tag = this.id.localTag;
    const to = this.remoteUri.clone();
    to.tag = this.id.remoteTag;
    req.add("From", from.toString());
    req.add("To", to.toString());
    req.add("Call-ID", this.id.callId);
    req.add("CSeq", `${seq} ${method}`);
    if (opts.contact && method !== "ACK" && method !== "CANCEL") req.add("Contact", opts.contact);
    for (const [k, v] of opts.headers ?? []) req.add(k, v);
    if (opts.body !== undefined) {
      req.body = typeof opts.body === "string" ? Buffer.from(opts.body) : opts.body;
      if (opts.contentType) req.add("Content-Type", opts.contentType);
    }
    if (method === "INVITE") this.uacInviteSeq = seq;
    return req;
  }

  /** The ACK for a 2xx to our INVITE with CSeq `inviteSeq` (§13.2.2.4). */
  createAck(inviteSeq: number, opts: { body?: Buffer | string; contentType?: string } = {}): SipRequest {
    return this.createRequest("ACK", { ...opts, cseq: inviteSeq });
  }

  /**
   * Check an in-dialog request from the peer (§12.2.2, §14.2). Returns null when it may
   * proceed, else the status to answer with: 500 for a CSeq lower than the last one, 491 or
   * 500 for a re-INVITE that collides with one in progress.
   */
  receiveRequest(req: SipRequest): number | null {
    const seq = req.cseq.seq;
    if (req.method !== "ACK" && req.method !== "CANCEL") {
      if (this.remoteSeq !== null && seq <= this.remoteSeq) {
        // equal is a retransmission, the transaction layer absorbs it; lower is out of order
        if (seq < this.remoteSeq) return 500;
      }
      if (req.method === "INVITE") {
        if (this.uacInviteSeq !== null) return 491;
        if (this.uasInviteSeq !== null) return 500;
        this.uasInviteSeq = seq;
      }
      this.remoteSeq = Math.max(this.remoteSeq ?? 0, seq);
    }
    if (req.method === "BYE") this.state = "terminated";
    // target refresh (§12.2.2): re-INVITE and UPDATE replace the remote target
    if ((req.method === "INVITE" || req.method === "UPDATE") && req.contact[0])
      this.remoteTarget = req.contact[0].uriText;
    return null;
  }

  /** We answered the peer's re-INVITE finally (any status). */
  answeredInvite(): void {
    this.uasInviteSeq = null;
  }

  /** A response to our request in this dialog: confirms, refreshes the target, ends on 481/408. */
  receiveResponse(req: SipRequest, res: SipResponse): void {
    const s = res.status;
    if (req.method === "INVITE") {
      if (s >= 200) this.uacInviteSeq = null;
      if (s >= 200 && s < 300) {
        this.state = "confirmed";
        if (res.contact[0]) this.remoteTarget = res.contact[0].uriText;
      }
    }
    // §12.2.1.2: 481 or 408 to an in-dialog request ends the dialog
    if (s === 481 || s === 408) this.state = "terminated";
    if (req.method === "BYE" && s >= 200) this.state = "terminated";
  }
}

/** Where an in-dialog (or any) request goes first: its top Route (loose) or its Request-URI. */
export function nextHop(
  req: SipRequest,
  fallback: TransportProtocol = "udp",
): { address: string; port: number; transport: TransportProtocol } {
  const route = req.route[0];
  const u = route ? route.uri : parseUri(req.uri);
  if (u.kind !== "sip") throw new Error(`cannot route to a ${u.scheme}: URI`);
  const maddr = u.params.get("maddr");
  const t = (u.params.get("transport") ?? "").toLowerCase();
  const transport: TransportProtocol =
    t === "tcp" ? "tcp" : t === "udp" ? "udp" : u.scheme === "sips" ? "tcp" : fallback;
  const host = maddr ?? u.host;
  return { address: host.startsWith("[") ? host.slice(1, -1) : host, port: u.port ?? 5060, transport };
}

function stripTag(na: NameAddr): NameAddr {
  const c = na.clone();
  c.tag = null;
  return c;
}

function isSips(uri: string): boolean {
  return uri.slice(0, 5).toLowerCase() === "sips:";
}

/** A fresh local tag. */
export function newTag(): string {
  return randomToken(6);
}

export { formatUri };
