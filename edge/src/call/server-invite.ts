import type { SipRequest, SipResponse } from "@ringflow/sip-core";
import { responseTo, T1, T2, TIMER_B } from "../sip/build.js";
import type { SipStack } from "../sip/stack.js";
import type { Peer } from "../sip/transport.js";

// The caller's INVITE from the edge's side: answers to it, retransmitted INVITEs absorbed by
// sending the last answer again, and over UDP the final answer retransmitted (T1 doubling to
// T2) until the ACK comes or 32 s pass.

export class ServerInvite {
  private last: { res: SipResponse; bytes: Buffer } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private limit: NodeJS.Timeout | undefined;
  finalStatus = 0;
  acked = false;
  /** Called when a 2xx was never ACKed (the edge then ends the call). */
  onAckTimeout: (() => void) | undefined;
  /** Called once the final answer is settled: ACKed, or given up on after 32 s. */
  onDone: (() => void) | undefined;

  constructor(
    private readonly stack: SipStack,
    readonly invite: SipRequest,
    readonly peer: Peer,
    readonly toTag: string,
  ) {}

  get finalSent(): boolean {
    return this.finalStatus >= 200;
  }

  /** A response to the INVITE with our tag (not yet sent). */
  make(status: number, reason: string): SipResponse {
    return responseTo(this.invite, status, reason, this.toTag);
  }

  /** Send a provisional or final answer. Finals after the first are ignored. */
  send(res: SipResponse): void {
    if (this.finalSent) return;
    const bytes = this.stack.send(res, this.peer);
    this.last = { res, bytes };
    if (res.status < 200) return;
    this.finalStatus = res.status;
    if (this.peer.transport === "udp") {
      let interval = T1;
      const again = (): void => {
        if (this.acked || !this.last) return;
        this.stack.resend(this.last.res, this.last.bytes, this.peer);
        interval = Math.min(interval * 2, T2);
        this.timer = setTimeout(again, interval);
      };
      this.timer = setTimeout(again, interval);
    }
    this.limit = setTimeout(() => {
      this.stop();
      if (!this.acked && this.finalStatus < 300) this.onAckTimeout?.();
      this.done();
    }, TIMER_B);
  }

  /** The INVITE came again: answer it with what we said last. */
  retransmitted(): void {
    if (this.last) this.stack.resend(this.last.res, this.last.bytes, this.peer);
  }

  /** The ACK for our final answer arrived. */
  ack(): void {
    if (this.acked || !this.finalSent) return;
    this.acked = true;
    this.stop();
    this.done();
  }

  private done(): void {
    const cb = this.onDone;
    this.onDone = undefined;
    cb?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.limit) clearTimeout(this.limit);
    this.timer = undefined;
    this.limit = undefined;
  }
}
