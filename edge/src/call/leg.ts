import type { BridgeOutcome } from "@ringflow/flow/protocol";
import { Dialog, SipRequest, type SipResponse, type TimerHandle } from "@ringflow/sip-core";
import { LOOP_HEADER } from "../protect/tenants.js";
import { newTag, uniqueId } from "../sip/build.js";
import { type Advertised, contact, inDialogRequest, via } from "../sip/dialog.js";
import type { Peer } from "../sip/transport.js";
import type { Outgoing, SipPort } from "./port.js";

// One outbound leg of a bridge: an INVITE to a target in a sip-core client transaction (which
// retransmits it, ACKs a failure and sends the CANCEL), its provisional answers, the ring
// timeout (then CANCEL), and once answered, the sip-core dialog to that callee. A 2xx from
// another fork of the INVITE (another To tag) gets its own ACK and a BYE (§13.2.2.4). After a
// delayed offer (our INVITE had no SDP), the 2xx carries the callee's offer and the ACK must
// carry the answer: the leg waits for `ackWith` (the caller's ACK) before it ACKs (§13.2.2.4,
// RFC 3264 §4).

export interface LegEnd {
  outcome: BridgeOutcome;
  /** The final status (0 for a local timeout or a transport error). */
  sipCode: number;
}

export interface LegEvents {
  provisional(leg: OutboundLeg, res: SipResponse): void;
  /** A 2xx. Return false when it is not wanted (another leg won, the call ended): the leg hangs up. */
  answered(leg: OutboundLeg, res: SipResponse): boolean;
  /** The leg ended before an answer. */
  failed(leg: OutboundLeg, end: LegEnd): void;
}

/** RFC 3261 codes -> the flow's bridge outcome. */
export function outcomeOf(code: number): BridgeOutcome {
  if (code >= 200 && code < 300) return "answered";
  if (code === 486 || code === 600) return "busy";
  if (code === 0 || code === 408 || code === 480 || code === 487) return "noAnswer";
  if (code === 603) return "rejected";
  return "failed";
}

export interface LegSpec {
  id: string;
  target: string;
  peer: Peer;
  ringTimeoutMs: number;
  /** From of the caller's INVITE (display name + URI), or the flow's caller id user. */
  from: string;
  /** The target's URI names its transport (then a large INVITE stays on it). */
  transportFixed?: boolean;
  /** The offer (empty: a delayed offer, the callee offers in its 2xx). */
  body: Buffer;
  contentType: string | undefined;
  maxForwards: number;
}

/** §18.1.1: 200 bytes under a 1,500-byte path MTU. */
const MTU_LIMIT = 1300;

/** One function for every leg's ring timer: the leg rides along as the timer's argument. */
const RING_TIMEOUT = (leg: OutboundLeg): void => leg.ringTimedOut();

export class OutboundLeg {
  readonly callId = `${uniqueId()}@ringflow`;
  readonly localTag = newTag();
  invite: SipRequest;
  /** Where the INVITE and this leg's requests go (the target's address; TCP for a large INVITE). */
  peer: Peer;
  /** TCP was chosen for size alone: a failed connection falls back to UDP (§18.1.1). */
  private bySize = false;
  private responded = false;
  state: "calling" | "proceeding" | "answered" | "ended" = "calling";
  dialog: Dialog | undefined;
  /** When the 2xx came (port clock ms). */
  answeredAt: number | undefined;
  private tx: Outgoing | undefined;
  /** The ACK for our dialog's 2xx, re-sent for each retransmission of it. */
  private ack: { req: SipRequest; peer: Peer } | undefined;
  /** A 2xx came after a delayed offer and waits for the caller's ACK to answer it. */
  private ackDue = false;
  /** ACKs of other forks' 2xx, by their To tag (their retransmissions are ACKed again). */
  private forks: Map<string, { req: SipRequest; peer: Peer }> | undefined;
  private ringTimer: TimerHandle | undefined;
  private cancelled = false;

  constructor(
    private readonly port: SipPort,
    readonly spec: LegSpec,
    private readonly advertised: Advertised,
    private readonly events: LegEvents,
  ) {
    this.peer = spec.peer;
    this.invite = this.build(spec.peer.transport);
    // §18.1.1: a request within 200 bytes of the path MTU (1,500) goes over a congestion-
    // controlled transport; a target whose URI names no transport is tried over TCP first.
    if (spec.peer.transport === "udp" && !spec.transportFixed && this.invite.toBuffer().length > MTU_LIMIT) {
      this.peer = { ...spec.peer, transport: "tcp" };
      this.invite = this.build("tcp");
      this.bySize = true;
    }
  }

  private build(transport: Peer["transport"]): SipRequest {
    const spec = this.spec;
    const advertised = this.advertised;
    const req = new SipRequest("INVITE", spec.target);
    req.add("Via", via(advertised, transport));
    req.add("Max-Forwards", String(Math.max(0, spec.maxForwards - 1)));
    req.add("From", `${spec.from};tag=${this.localTag}`);
    req.add("To", `<${spec.target}>`);
    req.add("Call-ID", this.callId);
    req.add("CSeq", "1 INVITE");
    req.add("Contact", contact(advertised, transport));
    req.add("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE");
    // Should this INVITE come back to an edge, it is refused with 482 (protect/tenants.ts).
    req.add(LOOP_HEADER, advertised.host);
    if (spec.body.length > 0 && spec.contentType) req.add("Content-Type", spec.contentType);
    req.body = spec.body;
    return req;
  }

  get id(): string {
    return this.spec.id;
  }

  /** Our INVITE had no SDP: the callee offers in its 2xx, the caller answers in its ACK. */
  get delayedOffer(): boolean {
    return this.spec.body.length === 0;
  }

  start(): void {
    this.ringTimer = this.port.clock.setTimer(this.spec.ringTimeoutMs, RING_TIMEOUT, this as OutboundLeg);
    this.send();
  }

  private send(): void {
    this.tx = this.port.request(this.invite, this.peer, {
      onResponse: (res) => this.response(res),
      onTimeout: () => this.end({ outcome: "noAnswer", sipCode: 408 }),
      onTransportError: () => this.transportFailed(),
    });
  }

  /** The INVITE could not be sent: over UDP after all when TCP was only chosen for its size. */
  private transportFailed(): void {
    if (this.bySize && !this.responded && !this.cancelled && this.state === "calling") {
      this.bySize = false;
      this.peer = this.spec.peer;
      this.invite = this.build(this.peer.transport);
      this.send();
      return;
    }
    this.end({ outcome: "failed", sipCode: 0 });
  }

  private response(res: SipResponse): void {
    this.responded = true;
    if (res.status < 200) {
      if (this.state === "calling") this.state = "proceeding";
      if (this.state === "proceeding" && !this.cancelled && res.status > 100)
        this.events.provisional(this, res);
      return;
    }
    if (res.status >= 300) {
      // Non-2xx final: the transaction has ACKed it (and re-ACKs its retransmissions).
      if (this.state === "ended") return;
      this.end({ outcome: this.cancelled ? "noAnswer" : outcomeOf(res.status), sipCode: res.status });
      return;
    }
    const d = this.dialog;
    if (d && res.to.tag !== d.id.remoteTag) {
      this.fork(res);
      return;
    }
    if (d) {
      // A retransmission of the 2xx we have: the same ACK again (or still none, after a
      // delayed offer whose answer has not come from the caller yet).
      if (this.ack) this.port.send(this.ack.req, this.ack.peer);
      return;
    }
    this.dialog = Dialog.asUac(this.invite, res);
    this.answeredAt = this.port.clock.now();
    this.clearRing();
    const wanted = this.state !== "ended" && !this.cancelled;
    this.state = "answered";
    if (!wanted) {
      this.sendAck(undefined);
      this.bye();
      return;
    }
    if (!this.delayedOffer) this.sendAck(undefined);
    else this.ackDue = true;
    if (!this.events.answered(this, res)) {
      if (this.ackDue) this.sendAck(undefined);
      this.bye();
    }
  }

  /** Another fork's 2xx (§13.2.2.4): its own dialog, ACKed and hung up; the first answer stands. */
  private fork(res: SipResponse): void {
    const tag = res.to.tag ?? "";
    this.forks ??= new Map();
    const known = this.forks.get(tag);
    if (known) {
      this.port.send(known.req, known.peer);
      return;
    }
    const d = Dialog.asUac(this.invite, res);
    const ack = inDialogRequest(d, "ACK", this.peer, this.advertised, this.invite.cseq.seq);
    this.forks.set(tag, ack);
    this.port.send(ack.req, ack.peer);
    const bye = inDialogRequest(d, "BYE", this.peer, this.advertised);
    this.port.request(bye.req, bye.peer, IGNORE);
  }

  /** ACK the 2xx, with the SDP answer after a delayed offer; kept for its retransmissions. */
  private sendAck(answer: { body: Buffer; contentType: string | undefined } | undefined): void {
    const d = this.dialog;
    if (!d || this.ack) return;
    this.ackDue = false;
    this.ack = inDialogRequest(d, "ACK", this.peer, this.advertised, this.invite.cseq.seq);
    if (answer && answer.body.length > 0) {
      if (answer.contentType) this.ack.req.set("Content-Type", answer.contentType);
      this.ack.req.body = answer.body;
    }
    this.port.send(this.ack.req, this.ack.peer);
  }

  /** The caller's ACK for the 2xx we relayed: after a delayed offer it carries the answer. */
  ackWith(body: Buffer, contentType: string | undefined): void {
    if (this.ackDue) this.sendAck({ body, contentType });
  }

  /** @internal The ring timer fired. */
  ringTimedOut(): void {
    this.ringTimer = undefined;
    if (this.state !== "calling" && this.state !== "proceeding") return;
    this.cancel();
    // The leg is over for the bridge now; the 487 that follows is ACKed but not reported.
    this.end({ outcome: "noAnswer", sipCode: 0 });
  }

  /** Stop ringing: CANCEL (sent by the transaction once a provisional came), then 487. */
  cancel(): void {
    if (this.cancelled || (this.state !== "calling" && this.state !== "proceeding")) return;
    this.cancelled = true;
    this.clearRing();
    this.tx?.cancel();
  }

  /** Hang up an answered leg; `done` runs when the BYE is answered (or timed out). */
  bye(done?: () => void): void {
    const d = this.dialog;
    if (!d || d.state === "terminated") {
      this.state = "ended";
      done?.();
      return;
    }
    // A 2xx must be ACKed before the BYE (§15), even when its answer never came.
    if (this.ackDue) this.sendAck(undefined);
    this.state = "ended";
    d.state = "terminated";
    const { req, peer } = inDialogRequest(d, "BYE", this.peer, this.advertised);
    this.port.request(req, peer, {
      onResponse: (res) => {
        if (res.status >= 200) done?.();
      },
      onTimeout: () => done?.(),
    });
  }

  /** The callee hung up (their BYE was answered by the call). */
  remoteEnded(): void {
    this.state = "ended";
    if (this.dialog) this.dialog.state = "terminated";
    this.clearRing();
  }

  private end(end: LegEnd): void {
    if (this.state === "ended" || this.state === "answered") return;
    this.state = "ended";
    this.clearRing();
    this.events.failed(this, end);
  }

  private clearRing(): void {
    if (this.ringTimer) this.port.clock.clearTimer(this.ringTimer);
    this.ringTimer = undefined;
  }
}

const IGNORE = { onResponse: () => {}, onTimeout: () => {} };
