import type { BridgeOutcome } from "@ringflow/flow/protocol";
import { type ClientTransaction, Dialog, SipRequest, type SipResponse } from "@ringflow/sip-core";
import { newTag, uniqueId } from "../sip/build.js";
import { type Advertised, contact, inDialogRequest, via } from "../sip/dialog.js";
import type { SipStack } from "../sip/stack.js";
import type { Peer } from "../sip/transport.js";

// One outbound leg of a bridge: an INVITE to a target in a sip-core client transaction (which
// retransmits it, ACKs a failure and sends the CANCEL), its provisional answers, the ring
// timeout (then CANCEL), and once answered, the sip-core dialog to that callee.

export interface LegEnd {
  outcome: BridgeOutcome;
  /** The final status (0 for a local timeout or a transport error). */
  sipCode: number;
}

export interface LegEvents {
  provisional(leg: OutboundLeg, res: SipResponse): void;
  /** A 2xx; the leg has ACKed it. Return false when another leg already won (the leg hangs up). */
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
  body: Buffer;
  contentType: string | undefined;
  maxForwards: number;
}

export class OutboundLeg {
  readonly callId = `${uniqueId()}@ringflow`;
  readonly localTag = newTag();
  readonly invite: SipRequest;
  state: "calling" | "proceeding" | "answered" | "ended" = "calling";
  dialog: Dialog | undefined;
  private tx: ClientTransaction | undefined;
  private ack: { req: SipRequest; peer: Peer } | undefined;
  private ringTimer: NodeJS.Timeout | undefined;
  private cancelled = false;

  constructor(
    private readonly stack: SipStack,
    readonly spec: LegSpec,
    private readonly advertised: Advertised,
    private readonly events: LegEvents,
  ) {
    const req = new SipRequest("INVITE", spec.target);
    req.add("Via", via(advertised, spec.peer.transport));
    req.add("Max-Forwards", String(Math.max(0, spec.maxForwards - 1)));
    req.add("From", `${spec.from};tag=${this.localTag}`);
    req.add("To", `<${spec.target}>`);
    req.add("Call-ID", this.callId);
    req.add("CSeq", "1 INVITE");
    req.add("Contact", contact(advertised, spec.peer.transport));
    req.add("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE");
    if (spec.body.length > 0 && spec.contentType) req.add("Content-Type", spec.contentType);
    req.body = spec.body;
    this.invite = req;
  }

  get id(): string {
    return this.spec.id;
  }

  start(): void {
    this.ringTimer = setTimeout(() => this.timeout(), this.spec.ringTimeoutMs);
    this.tx = this.stack.request(this.invite, this.spec.peer, {
      onResponse: (res) => this.response(res),
      onTimeout: () => this.end({ outcome: "noAnswer", sipCode: 408 }),
    });
  }

  private response(res: SipResponse): void {
    if (res.status < 200) {
      if (this.state === "calling") this.state = "proceeding";
      if (this.state === "proceeding" && !this.cancelled && res.status > 100)
        this.events.provisional(this, res);
      return;
    }
    if (res.status < 300) {
      this.ack2xx(res);
      if (this.state === "answered" || this.state === "ended") return; // retransmitted 2xx, re-ACKed
      this.clearRing();
      this.state = "answered";
      if (this.cancelled || !this.events.answered(this, res)) this.bye();
      return;
    }
    // Non-2xx final: the transaction has ACKed it (and re-ACKs its retransmissions).
    if (this.state === "ended") return;
    this.end({ outcome: this.cancelled ? "noAnswer" : outcomeOf(res.status), sipCode: res.status });
  }

  /** ACK a 2xx (its own transaction, §13.2.2.4): the same ACK for each retransmission. */
  private ack2xx(res: SipResponse): void {
    if (!this.dialog || !this.ack) {
      this.dialog = Dialog.asUac(this.invite, res);
      this.ack = inDialogRequest(this.dialog, "ACK", this.spec.peer, this.advertised, 1);
    }
    this.stack.send(this.ack.req, this.ack.peer);
  }

  private timeout(): void {
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
    if (!this.dialog || this.state === "ended") {
      done?.();
      return;
    }
    this.state = "ended";
    const { req, peer } = inDialogRequest(this.dialog, "BYE", this.spec.peer, this.advertised);
    this.stack.request(req, peer, {
      onResponse: (res) => {
        if (res.status >= 200) done?.();
      },
      onTimeout: () => done?.(),
    });
  }

  /** The callee hung up (their BYE was answered by the call). */
  remoteEnded(): void {
    this.state = "ended";
    this.clearRing();
  }

  private end(end: LegEnd): void {
    if (this.state === "ended" || this.state === "answered") return;
    this.state = "ended";
    this.clearRing();
    this.events.failed(this, end);
  }

  private clearRing(): void {
    if (this.ringTimer) clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
  }
}
