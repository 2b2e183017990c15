// The transaction layer: wires the pure machines to transports and a clock, matches
// incoming messages to transactions (§17.1.3, §17.2.3), answers CANCEL (§9.2) and hands
// everything else to the transaction user (a UAS/UAC core, a B2BUA).
import { createResponse, newBranch, type ResponseOptions } from "../builders.js";
import type { Via } from "../headers.js";
import type { SipMessage, SipRequest, SipResponse } from "../message.js";
import { responseDestination } from "../transport/route.js";
import type { Address, Remote, Transport, TransportProtocol } from "../transport/types.js";
import { ClientInviteMachine } from "./client-invite.js";
import { ClientNonInviteMachine } from "./client-non-invite.js";
import { type Clock, realClock, type TimerHandle } from "./clock.js";
import { clientKey, hasCookie, serverKey } from "./keys.js";
import type { Action } from "./machine.js";
import { buildCancel } from "./requests.js";
import { ServerInviteMachine } from "./server-invite.js";
import { ServerNonInviteMachine } from "./server-non-invite.js";
import { ChurnMap } from "./table.js";
import { randomTag } from "./tag.js";
import { DEFAULT_TIMERS, TIMER_NAMES, type TimerConfig, type TimerName } from "./timers.js";

export interface TransactionLayerOptions {
  /** One transport per protocol (UDP and/or TCP). */
  transports: Transport[];
  clock?: Clock;
  timers?: Partial<TimerConfig>;
  /**
   * Send UDP responses back to the address and port each request came from, as if every
   * request asked for rport (RFC 3581): what a server behind NAT or a load balancer needs.
   * Default false: the top Via decides (§18.2.2). TCP always answers on the request's connection.
   */
  symmetricResponses?: boolean;
  /**
   * Also match an ACK whose branch matches no transaction to the INVITE server transaction
   * in Completed with the same Call-ID, CSeq number and From tag (a UA that gives the ACK
   * for a failure a new branch, as SIPp scenarios using [branch] do). Default false: such an
   * ACK goes to the TU with no transaction (§17.2.3 matching only).
   */
  looseAckMatching?: boolean;
}

/** Where a client transaction sends: an address and the protocol to use. */
export interface Destination extends Address {
  transport: TransportProtocol;
  connectionId?: number;
}

type Machine = ClientInviteMachine | ClientNonInviteMachine | ServerInviteMachine | ServerNonInviteMachine;

/**
 * Timer callbacks shared by every transaction, one per timer name: the transaction rides
 * along as the timer's argument, so starting a timer creates no closure.
 */
const FIRE: Array<(tx: Driven<Machine>) => void> = TIMER_NAMES.map(
  (_name, i) => (tx: Driven<Machine>) => tx.fire(i),
);
const TIMER_INDEX = {} as Record<TimerName, number>;
TIMER_NAMES.forEach((name, i) => {
  TIMER_INDEX[name] = i;
});

/** Common driver: runs a machine's actions against a transport and the clock. */
abstract class Driven<M extends Machine> {
  /** Running timers by TIMER_INDEX slot; allocated with the first timer. */
  private timerHandles: Array<TimerHandle | undefined> | null = null;
  /** Called once when the transaction ends (any reason). */
  onTerminated: (() => void) | null = null;
  /** Timer B/F (client) or H (server, no ACK) fired. */
  onTimeout: ((timer: TimerName) => void) | null = null;
  /**
   * The transport could not send. Client transactions always watch for send errors; a server
   * transaction over UDP only when this is set (a dgram send callback costs a tick per
   * datagram; without it a failing answer is retransmitted until Timer H instead).
   */
  onTransportError: (() => void) | null = null;
  /** One error callback per transaction, not one per message sent. */
  private sendFailed: (() => void) | undefined = undefined;

  constructor(
    protected readonly layer: TransactionLayer,
    readonly machine: M,
    readonly transport: Transport,
    protected readonly dest: Address | Remote,
  ) {}

  get state(): M["state"] {
    return this.machine.state;
  }

  /** Whether sends report errors to the machine (see onTransportError). */
  protected abstract watchSends(): boolean;

  /** @internal */
  run(actions: Action[]): void {
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      switch (a.type) {
        case "send":
          if (this.watchSends()) {
            this.sendFailed ??= () => this.run(this.machine.onTransportError());
            this.transport.send(a.message, this.dest, this.sendFailed);
          } else this.transport.send(a.message, this.dest);
          break;
        case "deliver":
          this.deliver(a.message);
          break;
        case "startTimer": {
          const slot = TIMER_INDEX[a.timer];
          this.clearTimer(slot);
          // a nested transport error may already have ended the transaction
          if (this.machine.state === "terminated") break;
          this.timerHandles ??= new Array<TimerHandle | undefined>(TIMER_NAMES.length);
          this.timerHandles[slot] = this.layer.clock.setTimer(a.ms, FIRE[slot]!, this as Driven<Machine>);
          break;
        }
        case "stopTimer":
          this.clearTimer(TIMER_INDEX[a.timer]);
          break;
        case "timeout":
          this.onTimeout?.(a.timer);
          break;
        case "transportError":
          this.onTransportError?.();
          break;
        case "acked":
          this.onAcked(a.message);
          break;
        case "terminated":
          this.halt();
          this.layer.forget(this as unknown as ClientTransaction | ServerTransaction);
          this.onTerminated?.();
          break;
      }
    }
  }

  /** @internal A timer of this transaction fired. */
  fire(slot: number): void {
    if (this.timerHandles) this.timerHandles[slot] = undefined;
    this.run(this.machine.onTimer(TIMER_NAMES[slot]!));
  }

  /** @internal Stop every timer without running the machine (layer shutdown). */
  halt(): void {
    const hs = this.timerHandles;
    if (!hs) return;
    for (let i = 0; i < hs.length; i++) this.clearTimer(i);
  }

  private clearTimer(slot: number): void {
    const hs = this.timerHandles;
    const h = hs?.[slot];
    if (h !== undefined) {
      this.layer.clock.clearTimer(h);
      hs![slot] = undefined;
    }
  }

  protected abstract deliver(m: SipMessage): void;

  /** Only INVITE server transactions see an ACK for a failure. */
  protected onAcked(_ack: SipRequest): void {}
}

/** A request we sent and its responses. */
export class ClientTransaction extends Driven<ClientInviteMachine | ClientNonInviteMachine> {
  /** Every response handed up (1xx, the final one, and 2xx retransmissions in Accepted). */
  onResponse: ((res: SipResponse) => void) | null = null;
  /** @internal */
  key = "";
  private provisional = false;
  private cancelWanted: string | null | undefined;
  cancelTransaction: ClientTransaction | null = null;

  get request(): SipRequest {
    return this.machine.request;
  }

  protected watchSends(): boolean {
    return true;
  }

  protected deliver(m: SipMessage): void {
    if (!m.isRequest && m.status < 200 && !this.provisional) {
      this.provisional = true;
      if (this.cancelWanted !== undefined) this.sendCancel(this.cancelWanted ?? undefined);
    }
    this.onResponse?.(m as SipResponse);
  }

  /**
   * Cancel an INVITE (§9.1): the CANCEL goes out once a provisional response has arrived
   * (at once if one has), as its own non-INVITE transaction. The INVITE then ends with 487
   * (or with a 2xx that raced the CANCEL; the TU must ACK and BYE that one).
   */
  cancel(reason?: string): void {
    if (this.request.method !== "INVITE" || this.cancelTransaction || this.cancelWanted !== undefined) return;
    const s = this.machine.state;
    if (s !== "calling" && s !== "proceeding") return;
    this.cancelWanted = reason ?? null;
    if (this.provisional) this.sendCancel(reason);
  }

  private sendCancel(reason?: string): void {
    if (this.cancelTransaction) return;
    this.cancelTransaction = this.layer.sendRequest(
      buildCancel(this.request, reason),
      this.dest as Destination,
    );
  }
}

/** A request we received and our responses to it. */
export class ServerTransaction extends Driven<ServerInviteMachine | ServerNonInviteMachine> {
  private tag: string | undefined;
  /** @internal Key in the layer's Accepted map, once entered there. */
  acceptedKey: string | undefined;
  /** @internal Key (the Call-ID) in the layer's loose-ACK map (Completed), once entered there. */
  completedKey: string | undefined;
  /** @internal The next transaction in Completed with the same Call-ID (rare: a retried INVITE). */
  nextCompleted: ServerTransaction | null = null;
  /** @internal The one before it in that chain (null: this one is the chain's head, in the map). */
  prevCompleted: ServerTransaction | null = null;
  /**
   * INVITE only: the ACK for our 3xx-6xx final response arrived (Completed -> Confirmed). The
   * layer absorbs that ACK (it is not passed to `onRequest`); this is how the TU learns its
   * answer was received. Without an ACK, `onTimeout("H")` fires instead; `onTerminated` follows
   * either (after Timer I over UDP, at once over TCP).
   */
  onAck: ((ack: SipRequest) => void) | null = null;
  /** A CANCEL matched this INVITE (already answered 200). Unset: the layer answers 487 itself. */
  onCancel: ((cancel: SipRequest) => void) | null = null;
  /** @internal */
  key = "";

  constructor(
    layer: TransactionLayer,
    machine: ServerInviteMachine | ServerNonInviteMachine,
    transport: Transport,
    /** Where the request came from. */
    readonly from: Remote,
  ) {
    super(
      layer,
      machine,
      transport,
      layer.symmetricResponses && from.transport === "udp"
        ? from
        : responseDestination(machine.request.via[0]!, from),
    );
  }

  get request(): SipRequest {
    return this.machine.request;
  }

  protected watchSends(): boolean {
    return this.transport.reliable || this.onTransportError !== null;
  }

  /** To tag used by `reply` (and for the 200 to a CANCEL) in this transaction's responses; drawn on first use. */
  get toTag(): string {
    this.tag ??= randomTag();
    return this.tag;
  }

  /** Send a response built by the TU. */
  respond(res: SipResponse): void {
    const before = this.machine.state;
    this.run(this.machine.respond(res));
    const after = this.machine.state;
    if (before === after) return;
    if (after === "accepted") this.layer.noteAccepted(this);
    else if (after === "completed" && this.layer.looseAckMatching) this.layer.noteCompleted(this);
  }

  /** Build (§8.2.6, with this transaction's To tag) and send a response; returns it. */
  reply(status: number, opts: ResponseOptions = {}): SipResponse {
    const res = createResponse(this.request, status, { toTag: this.toTag, ...opts });
    this.respond(res);
    return res;
  }

  protected override onAcked(ack: SipRequest): void {
    this.onAck?.(ack);
  }

  protected deliver(m: SipMessage): void {
    if (m.isRequest && m.method === "ACK") this.layer.deliverAck(m, this.from);
    else this.layer.deliverRequest(m as SipRequest, this, this.from);
  }
}

export type RequestHandler = (req: SipRequest, tx: ServerTransaction | null, from: Remote) => void;

/** Matches messages to transactions and drives them. One per SIP endpoint. */
export class TransactionLayer {
  readonly clock: Clock;
  readonly timers: TimerConfig;
  /** @internal see TransactionLayerOptions */
  readonly symmetricResponses: boolean;
  /** @internal see TransactionLayerOptions */
  readonly looseAckMatching: boolean;
  // Every table of transactions is a ChurnMap (see there: a plain Map cost 2x per call in GC).
  private readonly client = new ChurnMap<ClientTransaction>();
  private readonly server = new ChurnMap<ServerTransaction>();
  /**
   * INVITE server transactions in Accepted, by Call-ID|CSeq|From tag: 2xx ACKs have a new
   * branch.
   */
  private readonly accepted = new ChurnMap<ServerTransaction>();
  /** With looseAckMatching: INVITE server transactions in Completed, by Call-ID (then CSeq number). */
  private readonly completed = new ChurnMap<ServerTransaction>();
  private readonly byProtocol = new Map<TransportProtocol, Transport>();
  /** The two transports in fields: one per request, no Map lookup. */
  private udp: Transport | undefined = undefined;
  private tcp: Transport | undefined = undefined;
  private requestHandler: RequestHandler = () => {};
  private strayHandler: (res: SipResponse, from: Remote) => void = () => {};

  constructor(opts: TransactionLayerOptions) {
    this.clock = opts.clock ?? realClock;
    this.timers = { ...DEFAULT_TIMERS, ...opts.timers };
    this.symmetricResponses = opts.symmetricResponses ?? false;
    this.looseAckMatching = opts.looseAckMatching ?? false;
    for (const t of opts.transports) {
      this.byProtocol.set(t.protocol, t);
      if (t.protocol === "udp") this.udp = t;
      else if (t.protocol === "tcp") this.tcp = t;
      t.onMessage((m, from) => this.receive(m, from));
    }
  }

  /**
   * New requests: INVITE and non-INVITE with their server transaction; ACKs (for 2xx, or
   * matching nothing) with tx null. CANCEL is handled here (§9.2) and never reaches it.
   */
  onRequest(fn: RequestHandler): void {
    this.requestHandler = fn;
  }

  /** Responses that match no client transaction (e.g. 2xx retransmissions after it ended). */
  onStrayResponse(fn: (res: SipResponse, from: Remote) => void): void {
    this.strayHandler = fn;
  }

  /** The transport for a protocol (throws if none was given). */
  transport(p: TransportProtocol): Transport {
    const t = p === "udp" ? this.udp : p === "tcp" ? this.tcp : this.byProtocol.get(p);
    if (!t) throw new Error(`no ${p} transport`);
    return t;
  }

  /** Number of live transactions (client, server). */
  get size(): { client: number; server: number } {
    return { client: this.client.size, server: this.server.size };
  }

  /**
   * Send a request in a new client transaction. A request without Via gets one for the
   * chosen transport (our address, a new branch, rport).
   */
  sendRequest(req: SipRequest, dest: Destination): ClientTransaction {
    const transport = this.transport(dest.transport);
    if (!req.has("via")) {
      const l = transport.advertised ?? transport.local;
      req.prepend(
        "Via",
        `SIP/2.0/${transport.protocol.toUpperCase()} ${hostPort(l)};branch=${newBranch()};rport`,
      );
    }
    const machine =
      req.method === "INVITE"
        ? new ClientInviteMachine(req, this.timers, transport.reliable)
        : new ClientNonInviteMachine(req, this.timers, transport.reliable);
    const tx = new ClientTransaction(this, machine, transport, dest);
    tx.key = clientKey(req)!;
    this.client.set(tx.key, tx);
    // responses can only arrive asynchronously, so the caller attaches handlers after this returns
    tx.run(machine.begin());
    return tx;
  }

  /** Send an ACK for a 2xx (its own transaction per §13.2.2.4: no machine, just the transport). */
  sendAck(ack: SipRequest, dest: Destination): void {
    const transport = this.transport(dest.transport);
    if (!ack.has("via")) {
      ack.prepend(
        "Via",
        `SIP/2.0/${transport.protocol.toUpperCase()} ${hostPort(transport.advertised ?? transport.local)};branch=${newBranch()};rport`,
      );
    }
    transport.send(ack, dest);
  }

  /** Send a response outside any transaction (stateless), to the Via destination. */
  sendStateless(res: SipResponse, from: Remote): void {
    const to =
      this.symmetricResponses && from.transport === "udp" ? from : responseDestination(res.via[0]!, from);
    this.transport(from.transport).send(res, to);
  }

  /**
   * Stop every transaction's timers and forget them all (shutting down: nothing is sent
   * afterwards, no callback fires). The transports are the caller's to close.
   */
  close(): void {
    for (const m of [this.client, this.server, this.accepted, this.completed])
      for (const tx of m.values()) tx.halt();
    this.client.clear();
    this.server.clear();
    this.accepted.clear();
    this.completed.clear();
  }

  /** @internal */
  forget(tx: ClientTransaction | ServerTransaction): void {
    if (tx instanceof ClientTransaction) {
      if (this.client.get(tx.key) === tx) this.client.delete(tx.key);
    } else {
      // A key holds one transaction from receiveRequest to here (a request only makes a new
      // one when its key is free): no lookup before the delete, and never twice.
      if (tx.key !== "") {
        this.server.delete(tx.key);
        tx.key = "";
      }
      const ak = tx.acceptedKey;
      if (ak !== undefined && this.accepted.get(ak) === tx) this.accepted.delete(ak);
      if (tx.completedKey !== undefined) this.forgetCompleted(tx, tx.completedKey);
    }
  }

  /** @internal */
  deliverRequest(req: SipRequest, tx: ServerTransaction, from: Remote): void {
    this.requestHandler(req, tx, from);
  }

  /** @internal An INVITE server transaction entered Accepted: 2xx ACKs (new branch) find it here. */
  noteAccepted(tx: ServerTransaction): void {
    tx.acceptedKey = acceptedKey(tx.request);
    this.accepted.set(tx.acceptedKey, tx);
  }

  /** @internal An INVITE server transaction entered Completed (looseAckMatching). */
  noteCompleted(tx: ServerTransaction): void {
    // Keyed by the Call-ID alone (a string the message already holds, hashed once) and
    // chained for the rare INVITEs of one Call-ID in Completed together; the CSeq number
    // picks among them. A key built per call (Call-ID|CSeq) cost a string flattening and
    // hashing on every INVITE and every ACK.
    const k = tx.request.callId;
    tx.completedKey = k;
    const head = this.completed.get(k) ?? null;
    tx.nextCompleted = head;
    if (head !== null) head.prevCompleted = tx;
    this.completed.set(k, tx);
  }

  private findCompleted(ack: SipRequest): ServerTransaction | undefined {
    let t: ServerTransaction | null = this.completed.get(ack.callId) ?? null;
    const seq = t === null ? 0 : ack.cseq.seq;
    while (t !== null && t.request.cseq.seq !== seq) t = t.nextCompleted;
    return t ?? undefined;
  }

  private forgetCompleted(tx: ServerTransaction, k: string): void {
    const next = tx.nextCompleted;
    const prev = tx.prevCompleted;
    if (next !== null) next.prevCompleted = prev;
    if (prev !== null) prev.nextCompleted = next;
    else if (next !== null) this.completed.set(k, next);
    else this.completed.delete(k);
    tx.nextCompleted = null;
    tx.prevCompleted = null;
    tx.completedKey = undefined;
  }

  /** @internal */
  deliverAck(ack: SipRequest, from: Remote): void {
    this.requestHandler(ack, null, from);
  }

  private receive(m: SipMessage, from: Remote): void {
    if (m.isRequest) this.receiveRequest(m, from);
    else this.receiveResponse(m, from);
  }

  private receiveResponse(res: SipResponse, from: Remote): void {
    const key = clientKey(res);
    const tx = key ? this.client.get(key) : undefined;
    if (tx) tx.run(tx.machine.onResponse(res));
    else this.strayHandler(res, from);
  }

  private receiveRequest(req: SipRequest, from: Remote): void {
    const isAck = req.method === "ACK";
    // An ACK for a failure, by Call-ID and CSeq (looseAckMatching): whether it kept the
    // INVITE's branch or not, it is that transaction's, and this one lookup finds it.
    if (isAck && this.completed.size > 0) {
      const loose = this.findCompleted(req);
      if (loose) {
        loose.run(loose.machine.onRequest(req));
        return;
      }
    }
    const key = this.serverKeyOf(req, isAck ? "INVITE" : req.method);
    const existing = this.found;
    if (existing) {
      // retransmission, or the ACK for a non-2xx final response
      existing.run(existing.machine.onRequest(req));
      return;
    }
    if (isAck) {
      // a 2xx's ACK (its own branch), or one matching nothing
      const acc = this.accepted.get(acceptedKey(req));
      if (acc) acc.run(acc.machine.onRequest(req));
      else this.requestHandler(req, null, from);
      return;
    }
    const transport = this.transport(from.transport);
    const machine =
      req.method === "INVITE"
        ? new ServerInviteMachine(req, this.timers, transport.reliable)
        : new ServerNonInviteMachine(req, this.timers, transport.reliable);
    const tx = new ServerTransaction(this, machine, transport, from);
    tx.key = key;
    this.server.set(key, tx);
    if (req.method === "CANCEL") {
      this.handleCancel(req, tx);
      return;
    }
    tx.run(machine.begin());
  }

  /**
   * The server table's key for a request (§17.2.3). With the RFC 3261 cookie the branch alone
   * for INVITE (and the ACK or CANCEL that targets it), `branch|METHOD` for other methods;
   * the sent-by, also part of the match, is compared on a hit instead: branches are unique
   * per transaction (§8.1.1.7), and building, flattening and hashing a key string per message
   * cost more than the compare. A hit from another sent-by falls back to the full key, as
   * does a branch without the cookie (RFC 2543 matching).
   */
  private serverKeyOf(req: SipRequest, method: string): string {
    const v = req.via[0]!;
    const b = v.branch;
    if (hasCookie(b)) {
      const k = method === "INVITE" ? b : `${b}|${method}`;
      const hit = this.server.get(k);
      if (hit === undefined || sameSentBy(hit.request.via[0]!, v)) {
        this.found = hit;
        return k;
      }
    }
    const full = serverKey(req, method);
    this.found = this.server.get(full);
    return full;
  }

  /** What the last serverKeyOf found under the key it returned (one lookup, no tuple). */
  private found: ServerTransaction | undefined = undefined;

  private handleCancel(cancel: SipRequest, tx: ServerTransaction): void {
    this.serverKeyOf(cancel, "INVITE");
    const target = this.found;
    // §9.1: a CANCEL carries the Call-ID, From tag and CSeq number of the request it cancels;
    // one that shares the branch but not those is not for that INVITE (§9.2: 481).
    const inv = target?.request;
    if (
      target === undefined ||
      inv?.method !== "INVITE" ||
      inv.callId !== cancel.callId ||
      inv.cseq.seq !== cancel.cseq.seq ||
      inv.from.tag !== cancel.from.tag
    ) {
      tx.reply(481);
      return;
    }
    tx.reply(200, { toTag: target.toTag });
    if (target.state !== "proceeding") return;
    if (target.onCancel) target.onCancel(cancel);
    else target.reply(487);
  }
}

/** Same Via sent-by (host case-insensitively, port with the transport default left as absent). */
function sameSentBy(a: Via, b: Via): boolean {
  if (a.port !== b.port) return false;
  return a.host === b.host || a.host.toLowerCase() === b.host.toLowerCase();
}

function acceptedKey(req: SipRequest): string {
  return `${req.callId}|${req.cseq.seq}|${req.from.tag ?? ""}`;
}

function hostPort(a: Address): string {
  return a.address.includes(":") ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}
