import type { CallInfo, CallOutcome } from "@ringflow/flow/protocol";
import {
  createResponse,
  Dialog,
  reasonPhrase,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
} from "@ringflow/sip-core";
import type { DecisionPort } from "../decision/client.js";
import type { TenantGuard } from "../protect/tenants.js";
import { type Advertised, contact, inDialogRequest } from "../sip/dialog.js";
import type { Peer } from "../sip/transport.js";
import type { TraceBuilder } from "../trace/builder.js";
import type { ActionExecutor } from "./executor.js";
import type { SipPort } from "./port.js";

// The caller's side of a call: its INVITE server transaction (sip-core retransmits our
// answers, absorbs the ACK of a failure, answers CANCEL 200), the answers we send it, its
// dialog once it has a 2xx, the requests we send it in that dialog, and the call's lifetime
// (a count of what is still pending: the final answer's ACK, a BYE, a decision in flight).
//
// `Call` extends this class rather than holding one: a redirected call is one object.
//
// NAT and connections (RFC 3581, RFC 5626 §5.3, as Kamailio's fix_nated_contact): requests we
// send the caller inside its dialog go to `peer`, where its requests came from (the received
// address and rport over UDP, the same connection over TCP while it is open), not to its
// Contact, which may name a private address; the Request-URI still carries the Contact.

export interface CallDeps {
  sip: SipPort;
  decisions: DecisionPort;
  /** Runs the actions the call does not (media). */
  executor: ActionExecutor;
  advertised: Advertised;
  fallbackFor(number: string | undefined): string | undefined;
  retryAfterSec: number;
  /** Route in-dialog traffic of a Call-ID (an outbound leg's, or the caller's) to this call. */
  index(callId: string, call: CallerLeg): void;
  /** The call is over and nothing of it is pending: write its trace, forget it. */
  finished(call: CallerLeg): void;
  /** Wall-clock ms (traces, durations). */
  now(): number;
  /** Per-tenant caps on calls and legs, and the per-call leg budget (protect/tenants.ts). */
  guard: TenantGuard;
}

const ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE";

export abstract class CallerLeg {
  outcome: CallOutcome | undefined;
  /** Wall-clock ms of the INVITE and of the outcome. */
  readonly startedAt: number;
  endedAt = 0;
  /** The caller's INVITE. */
  readonly invite: SipRequest;
  /** Where the caller's requests come from: our requests in its dialog go there (see above). */
  peer: Peer;
  /** The final status sent to the caller (0 until then). */
  finalStatus = 0;
  /** The caller's dialog, once it got a 2xx (ours, or a callee's relayed). */
  dialog: Dialog | undefined;
  /** The edge's Call-ID table holds this call (under its own or a leg's Call-ID). */
  indexed = false;
  private pending = 0;
  private awaitingAck = false;
  /** deps.finished has run. */
  private gone = false;

  constructor(
    readonly id: string,
    /** sip-core's INVITE server transaction: retransmissions, CANCEL, Timers G/H/I/L. */
    readonly tx: ServerTransaction,
    readonly info: CallInfo,
    readonly number: string | undefined,
    readonly trace: TraceBuilder | undefined,
    protected readonly deps: CallDeps,
  ) {
    this.invite = tx.request;
    this.peer = tx.from;
    this.startedAt = deps.now();
    this.hold();
    tx.onCancel = () => this.cancelled();
    // The final answer is settled when its ACK comes (a failure's ACK is absorbed by the
    // transaction, which reports it), or when the transaction gives up on it.
    tx.onAck = () => this.settled();
    tx.onTimeout = () => this.settled();
    tx.onTerminated = () => {
      if (this.awaitingAck && this.finalStatus < 300) this.unacknowledged();
      this.settled();
    };
  }

  /** The caller's CANCEL matched its INVITE (the layer answered it 200). */
  protected abstract cancelled(): void;
  /** Our 2xx was never ACKed (Timer L): the caller is gone. */
  protected abstract unacknowledged(): void;

  get finalSent(): boolean {
    return this.finalStatus >= 200;
  }

  get over(): boolean {
    return this.outcome !== undefined;
  }

  /** The final SIP status the caller got (for the trace). */
  get finalStatusSent(): number {
    return this.finalStatus;
  }

  /** Whether an in-dialog request's tags name the caller's dialog (the Call-ID matched already). */
  inCallerDialog(req: SipRequest): boolean {
    const d = this.dialog;
    return d !== undefined && req.to.tag === d.id.localTag && req.from.tag === d.id.remoteTag;
  }

  // ---- lifetime --------------------------------------------------------------------------

  protected hold(): void {
    this.pending++;
  }

  protected release(): void {
    if (--this.pending !== 0) return;
    // The transaction may linger (Timer I absorbs ACK copies): let it not keep the call alive.
    const tx = this.tx;
    tx.onAck = null;
    tx.onTimeout = null;
    tx.onTerminated = null;
    tx.onCancel = null;
    if (this.gone) return;
    this.gone = true;
    this.deps.finished(this);
  }

  /** Record the outcome once; the call finishes when nothing is pending any more. */
  protected end(outcome: CallOutcome): void {
    if (this.over) return;
    this.outcome = outcome;
    this.endedAt = this.deps.now();
    this.ended();
    this.release();
  }

  /** The outcome was just recorded (the phase moves to ended). */
  protected abstract ended(): void;

  // ---- answers to the INVITE -------------------------------------------------------------

  /** A response to the caller's INVITE with the transaction's To tag (not yet sent). */
  protected make(status: number, reason?: string): SipResponse {
    // reason undefined: createResponse uses the standard phrase (no object spread per answer)
    return createResponse(this.invite, status, { toTag: this.tx.toTag, reason });
  }

  /** The 100 Trying, unless an answer already went out. */
  trying(): void {
    if (!this.finalSent && !this.over && this.tx.state === "proceeding") this.tx.respond(this.make(100));
  }

  /** Send a final answer to the caller and keep the call until it is ACKed (or given up on). */
  protected final(res: SipResponse): void {
    if (this.finalSent) return;
    this.finalStatus = res.status;
    if (this.tx.state !== "proceeding") return; // the transaction failed (transport): nothing to wait for
    this.hold();
    this.awaitingAck = true;
    this.tx.respond(res);
  }

  /** The final answer was ACKed, or will not be: the call may finish. */
  protected settled(): void {
    if (!this.awaitingAck) return;
    this.awaitingAck = false;
    this.release();
  }

  /** A final answer with the standard phrase (or `reason` for a code without one). */
  protected finalAnswer(status: number, reason: string, headers?: Array<[string, string]>): void {
    const res = this.make(status, reasonPhrase(status) || reason);
    if (headers) for (const [n, v] of headers) res.add(n, v);
    this.final(res);
  }

  /** A 18x to the caller (relayed ringing, early media), with our Contact. */
  protected sendProvisional(
    status: number,
    reason: string,
    body: Buffer,
    contentType: string | undefined,
  ): void {
    if (this.over || this.finalSent || this.tx.state !== "proceeding") return;
    const out = this.make(status, reason);
    if (body.length > 0 && contentType) {
      out.add("Content-Type", contentType);
      out.body = body;
    }
    out.add("Contact", this.contact());
    this.tx.respond(out);
  }

  /** 200 OK to the caller with `body` (ours, or a callee's): the caller's dialog starts (§12.1.1). */
  protected accept(body: Buffer, contentType: string | undefined): boolean {
    if (this.over || this.finalSent) return false;
    const ok = this.make(200, "OK");
    ok.add("Contact", this.contact());
    ok.add("Allow", ALLOW);
    if (contentType && body.length > 0) ok.add("Content-Type", contentType);
    ok.body = body;
    // From now on the caller's in-dialog requests and the ACK for the 2xx reach this call.
    this.deps.index(this.invite.callId, this);
    const d = Dialog.asUas(this.invite, this.tx.toTag);
    // A caller without Contact is reached at its From URI (the hop is its flow anyway).
    if (!d.remoteTarget) d.remoteTarget = this.invite.from.uriText ?? this.invite.uri;
    this.dialog = d;
    this.final(ok);
    return true;
  }

  /** The caller's ACK for our 2xx: the call may finish once other work is done. */
  protected acked(): void {
    if (this.finalStatus >= 200 && this.finalStatus < 300) this.settled();
  }

  /** BYE to the caller (after answer), to its flow; the call lives until it is answered. */
  protected byeCaller(reason?: string): void {
    const d = this.dialog;
    if (!d || d.state === "terminated") return;
    d.state = "terminated";
    const { req, peer } = inDialogRequest(d, "BYE", this.peer, this.deps.advertised, undefined, true);
    if (reason) req.add("Reason", `SIP;cause=200;text="${reason.replace(/["\\\r\n]/g, "")}"`);
    this.hold();
    this.deps.sip.request(req, peer, {
      onResponse: (res) => {
        if (res.status >= 200) this.release();
      },
      onTimeout: () => this.release(),
    });
  }

  /** A request from the caller in its dialog: it now comes from here (a NAT rebinding, a new connection). */
  protected refreshFlow(from: Peer): void {
    this.peer = from;
  }

  protected contact(): string {
    return contact(this.deps.advertised, this.peer.transport);
  }
}
