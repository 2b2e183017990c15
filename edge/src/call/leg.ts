import type { BridgeOutcome } from "@ringflow/flow/protocol";
import { SipRequest, type SipResponse } from "@ringflow/sip-core";
import { newBranch, newTag, uniqueId } from "../sip/build.js";
import { type Advertised, Dialog } from "../sip/dialog.js";
import type { SipStack } from "../sip/stack.js";
import type { Peer } from "../sip/transport.js";

// One outbound leg of a bridge: an INVITE to a target, its provisional answers, the ring
// timeout (then CANCEL), and once answered, the dialog to that callee.

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
  private ringTimer: NodeJS.Timeout | undefined;
  private cancelled = false;
  private lastFinal: SipResponse | undefined;

  constructor(
    private readonly stack: SipStack,
    readonly spec: LegSpec,
    private readonly advertised: Advertised,
    private readonly events: LegEvents,
  ) {
    const req = new SipRequest("INVITE", spec.target);
    req.add(
      "Via",
      `SIP/2.0/${spec.peer.transport.toUpperCase()} ${advertised.host}:${advertised.port};branch=${newBranch()};rport`,
    );
    req.add("Max-Forwards", String(Math.max(0, spec.maxForwards - 1)));
    req.add("From", `${spec.from};tag=${this.localTag}`);
    req.add("To", `<${spec.target}>`);
    req.add("Call-ID", this.callId);
    req.add("CSeq", "1 INVITE");
    const t = spec.peer.transport === "tcp" ? ";transport=tcp" : "";
    req.add("Contact", `<sip:ringflow@${advertised.host}:${advertised.port}${t}>`);
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
    this.stack.request(this.invite, this.spec.peer, {
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
    // Non-2xx final: ACK it within the INVITE transaction (same branch), once per copy.
    this.ackFinal(res);
    if (this.state === "ended") return;
    this.end({ outcome: this.cancelled ? "noAnswer" : outcomeOf(res.status), sipCode: res.status });
  }

  private ackFinal(res: SipResponse): void {
    this.lastFinal = res;
    const ack = new SipRequest("ACK", this.invite.uri);
    ack.add("Via", this.invite.get("via") as string);
    ack.add("Max-Forwards", "70");
    ack.add("From", this.invite.get("from") as string);
    ack.add("To", res.get("to") as string);
    ack.add("Call-ID", this.callId);
    ack.add("CSeq", "1 ACK");
    this.stack.send(ack, this.spec.peer);
  }

  private ack2xx(res: SipResponse): void {
    if (!this.dialog) {
      const contact = res.contact[0];
      const routes = res.recordRoute.map((r) => r.toString()).reverse();
      this.dialog = new Dialog(
        this.callId,
        `${this.spec.from};tag=${this.localTag}`,
        res.get("to") as string,
        contact ? contact.uriText : this.spec.target,
        routes,
        this.spec.peer,
        this.advertised,
        1,
      );
    }
    const { req, peer } = this.dialog.request("ACK", 1);
    this.stack.send(req, peer);
  }

  private timeout(): void {
    this.ringTimer = undefined;
    if (this.state !== "calling" && this.state !== "proceeding") return;
    this.cancel();
    // The leg is over for the bridge now; the 487 that follows is ACKed but not reported.
    this.end({ outcome: "noAnswer", sipCode: 0 });
  }

  /** Stop ringing: CANCEL (same branch as the INVITE), 487 follows and is ACKed. */
  cancel(): void {
    if (this.cancelled || (this.state !== "calling" && this.state !== "proceeding")) return;
    this.cancelled = true;
    this.clearRing();
    const c = new SipRequest("CANCEL", this.invite.uri);
    c.add("Via", this.invite.get("via") as string);
    c.add("Max-Forwards", "70");
    c.add("From", this.invite.get("from") as string);
    c.add("To", this.invite.get("to") as string);
    c.add("Call-ID", this.callId);
    c.add("CSeq", "1 CANCEL");
    this.stack.request(c, this.spec.peer, { onResponse: () => {}, onTimeout: () => {} });
  }

  /** Hang up an answered leg; `done` runs when the BYE is answered (or timed out). */
  bye(done?: () => void): void {
    if (!this.dialog || this.state === "ended") {
      done?.();
      return;
    }
    this.state = "ended";
    const { req, peer } = this.dialog.request("BYE");
    this.stack.request(req, peer, {
      onResponse: (res) => {
        if (res.status >= 200) done?.();
      },
      onTimeout: () => done?.(),
    });
    this.stack.forget(this.invite);
  }

  /** The callee hung up (their BYE was answered by the call). */
  remoteEnded(): void {
    this.state = "ended";
    this.clearRing();
    this.stack.forget(this.invite);
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

  /** Whether the final answer seen was ours to ACK already (used for stray retransmissions). */
  get finalSeen(): SipResponse | undefined {
    return this.lastFinal;
  }
}
