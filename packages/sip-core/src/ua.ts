// A small UA core on top of the transaction layer: creates dialogs from INVITE exchanges,
// ACKs 2xx (and their retransmissions), routes in-dialog requests to their dialog with the
// §12.2.2 checks (481, 500 out of order, 491/500 re-INVITE glare) and answers BYE and
// OPTIONS when the application does not. Enough for a B2BUA leg or a test peer.
import type { ResponseOptions } from "./builders.js";
import { Dialog, dialogKeyOf, nextHop } from "./dialog.js";
import type { SipRequest, SipResponse } from "./message.js";
import type {
  ClientTransaction,
  Destination,
  ServerTransaction,
  TransactionLayer,
} from "./transaction/layer.js";
import type { Remote, TransportProtocol } from "./transport/types.js";

export interface InviteHandlers {
  /** 1xx responses. */
  onProvisional?: (res: SipResponse) => void;
  /** First 2xx: the dialog is confirmed and already ACKed. */
  onAnswer?: (dialog: Dialog, res: SipResponse) => void;
  /** Final non-2xx, or null on timeout / transport error. */
  onFailure?: (res: SipResponse | null) => void;
}

export interface UserAgentOptions {
  /** Our Contact for a transport (`<sip:edge@203.0.113.5:5060;transport=tcp>`). */
  contact: (transport: TransportProtocol) => string;
}

export class UserAgent {
  readonly dialogs = new Map<string, Dialog>();
  /** Transport each dialog's requests use. */
  private readonly dialogTransport = new Map<string, TransportProtocol>();
  private incoming: (req: SipRequest, tx: ServerTransaction, from: Remote) => void = (_r, tx) => {
    tx.reply(tx.request.method === "OPTIONS" ? 200 : 405);
  };
  private inDialog: ((d: Dialog, req: SipRequest, tx: ServerTransaction) => boolean) | null = null;
  private ackHandler: ((d: Dialog, ack: SipRequest) => void) | null = null;

  constructor(
    readonly layer: TransactionLayer,
    private readonly opts: UserAgentOptions,
  ) {
    layer.onRequest((req, tx, from) => this.route(req, tx, from));
  }

  /** Out-of-dialog requests (new INVITEs, OPTIONS...). Default: 200 to OPTIONS, 405 otherwise. */
  onIncoming(fn: (req: SipRequest, tx: ServerTransaction, from: Remote) => void): void {
    this.incoming = fn;
  }

  /** In-dialog requests (not ACK). Return true when handled; else BYE/OPTIONS get 200, re-INVITE 488, others 501. */
  onDialogRequest(fn: (d: Dialog, req: SipRequest, tx: ServerTransaction) => boolean): void {
    this.inDialog = fn;
  }

  /** The ACK for our 2xx arrived. */
  onAck(fn: (d: Dialog, ack: SipRequest) => void): void {
    this.ackHandler = fn;
  }

  /**
   * Answer an INVITE server transaction. 101-299 with a To tag create (or confirm) the UAS
   * dialog, which is returned; other statuses return null.
   */
  answer(tx: ServerTransaction, status: number, opts: ResponseOptions = {}): Dialog | null {
    const req = tx.request;
    const withContact: ResponseOptions = {
      ...opts,
      headers: [
        ...pairs(opts.headers),
        ...(status > 100 && status < 300 && req.method === "INVITE"
          ? [["Contact", this.opts.contact(tx.transport.protocol)] as [string, string]]
          : []),
      ],
    };
    tx.reply(status, withContact);
    if (req.method !== "INVITE" || status <= 100 || status >= 300) {
      const d = this.dialogFor(req, tx.toTag);
      if (d && status >= 200) {
        d.answeredInvite();
        if (d.state === "early") this.drop(d);
      }
      return null;
    }
    let d = this.dialogFor(req, tx.toTag);
    if (!d) {
      d = Dialog.asUas(req, tx.toTag, status < 200 ? "early" : "confirmed");
      this.dialogs.set(d.key, d);
      this.dialogTransport.set(d.key, tx.transport.protocol);
    } else if (status >= 200) {
      d.state = "confirmed";
      d.answeredInvite();
    }
    return d;
  }

  /** Send an out-of-dialog INVITE; ACKs every 2xx and creates the UAC dialog. */
  invite(req: SipRequest, dest: Destination, h: InviteHandlers = {}): ClientTransaction {
    if (!req.has("contact")) req.add("Contact", this.opts.contact(dest.transport));
    const tx = this.layer.sendRequest(req, dest);
    let answered: Dialog | null = null;
    let ack: SipRequest | null = null;
    let forks: Map<string, SipRequest> | undefined;
    tx.onResponse = (res) => {
      if (res.status < 200) {
        h.onProvisional?.(res);
        return;
      }
      if (res.status >= 300) {
        h.onFailure?.(res);
        return;
      }
      if (!answered) {
        answered = Dialog.asUac(req, res);
        this.dialogs.set(answered.key, answered);
        this.dialogTransport.set(answered.key, dest.transport);
        ack = answered.createAck(req.cseq.seq);
        this.layer.sendAck(ack, this.hopFor(ack, dest.transport));
        h.onAnswer?.(answered, res);
      } else if (res.to.tag !== answered.id.remoteTag) {
        // §13.2.2.4: a 2xx from another fork is another dialog; it gets its own ACK (again
        // for each retransmission) and, as only the first answer is kept, a BYE.
        forks ??= new Map();
        const tag = res.to.tag ?? "";
        const known = forks.get(tag);
        if (known) {
          this.layer.transport(dest.transport).send(known, this.hopFor(known, dest.transport));
          return;
        }
        const fork = Dialog.asUac(req, res);
        const forkAck = fork.createAck(req.cseq.seq);
        forks.set(tag, forkAck);
        this.layer.sendAck(forkAck, this.hopFor(forkAck, dest.transport));
        const bye = fork.createRequest("BYE", { contact: this.opts.contact(dest.transport) });
        this.layer.sendRequest(bye, this.hopFor(bye, dest.transport));
      } else if (ack) {
        // a retransmitted 2xx: the same ACK again (§13.2.2.4)
        this.layer.transport(dest.transport).send(ack, this.hopFor(ack, dest.transport));
      }
    };
    tx.onTimeout = () => h.onFailure?.(null);
    tx.onTransportError = () => h.onFailure?.(null);
    return tx;
  }

  /**
   * Send an in-dialog request (BYE, re-INVITE, OPTIONS, INFO...). The dialog sees the final
   * response (target refresh, termination); a 2xx to a re-INVITE is ACKed.
   */
  request(d: Dialog, method: string, opts: Parameters<Dialog["createRequest"]>[1] = {}): ClientTransaction {
    const protocol = this.dialogTransport.get(d.key) ?? "udp";
    const req = d.createRequest(method, { contact: this.opts.contact(protocol), ...opts });
    const tx = this.layer.sendRequest(req, this.hopFor(req, protocol));
    let acked: SipRequest | null = null;
    const prev = tx.onResponse;
    tx.onResponse = (res) => {
      if (res.status >= 200) d.receiveResponse(req, res);
      if (method === "INVITE" && res.status >= 200 && res.status < 300) {
        acked ??= d.createAck(req.cseq.seq);
        this.layer.sendAck(acked, this.hopFor(acked, protocol));
      }
      if (d.state === "terminated") this.drop(d);
      prev?.(res);
    };
    return tx;
  }

  private hopFor(req: SipRequest, protocol: TransportProtocol): Destination {
    return nextHop(req, protocol);
  }

  private dialogFor(req: SipRequest, localTag: string): Dialog | undefined {
    const fromTag = req.from.tag;
    if (!fromTag) return undefined;
    return this.dialogs.get(`${req.callId}|${localTag}|${fromTag}`);
  }

  private drop(d: Dialog): void {
    this.dialogs.delete(d.key);
    this.dialogTransport.delete(d.key);
  }

  private route(req: SipRequest, tx: ServerTransaction | null, from: Remote): void {
    const key = req.to.tag ? dialogKeyOf(req) : null;
    const d = key ? this.dialogs.get(key) : undefined;
    if (req.method === "ACK") {
      if (d) this.ackHandler?.(d, req);
      return;
    }
    if (!tx) return;
    if (!req.to.tag) {
      this.incoming(req, tx, from);
      return;
    }
    if (!d) {
      tx.reply(481); // §12.2.2: no dialog for a request with a To tag
      return;
    }
    const refuse = d.receiveRequest(req);
    if (refuse !== null) {
      const headers: Array<[string, string]> =
        refuse === 500 ? [["Retry-After", String(Math.floor(Math.random() * 10))]] : [];
      tx.reply(refuse, { toTag: d.id.localTag, headers });
      return;
    }
    if (req.method === "INVITE") {
      // the dialog may take another re-INVITE once this one is answered finally
      const respond = tx.respond.bind(tx);
      tx.respond = (res: SipResponse) => {
        respond(res);
        if (res.status >= 200) d.answeredInvite();
      };
    }
    if (this.inDialog?.(d, req, tx)) return;
    if (req.method === "BYE") {
      tx.reply(200, { toTag: d.id.localTag });
      this.drop(d);
    } else if (req.method === "OPTIONS") tx.reply(200, { toTag: d.id.localTag });
    else if (req.method === "INVITE") tx.reply(488, { toTag: d.id.localTag });
    else tx.reply(501, { toTag: d.id.localTag });
  }
}

function pairs(h: ResponseOptions["headers"]): Array<[string, string]> {
  if (!h) return [];
  return Array.isArray(h) ? h : Object.entries(h);
}
