// RFC 3261 §17.2.1 INVITE server transaction, with RFC 6026's Accepted state. As an
// extension for UAS cores, the Accepted state also re-sends the 2xx (T1 doubling, capped at
// T2, §13.3.1.4) until the TU reports the ACK or Timer L fires.
import { createResponse } from "../builders.js";
import type { SipRequest, SipResponse } from "../message.js";
import { type Action, MachineBase, type ServerInviteState } from "./machine.js";
import { duration, type TimerConfig, type TimerName } from "./timers.js";

export class ServerInviteMachine extends MachineBase<ServerInviteState> {
  state: ServerInviteState = "proceeding";
  /** Last response sent (provisional in Proceeding, final afterwards). */
  lastResponse: SipResponse | null = null;
  /** Over UDP in Completed: time since the final answer, as of Timer G's last firing. */
  private gElapsed = 0;

  constructor(
    readonly request: SipRequest,
    timers: TimerConfig,
    reliable: boolean,
    /** Build the 100 Trying (default: §8.2.6 from the request). */
    private readonly makeTrying: (req: SipRequest) => SipResponse = trying,
  ) {
    super(timers, reliable);
  }

  /** Enter Proceeding: pass the INVITE up, arm the 200 ms 100 Trying. */
  begin(): Action[] {
    const out: Action[] = [{ type: "deliver", message: this.request }];
    // trying = Infinity: the TU sends its own 100 Trying
    if (this.timers.trying !== Number.POSITIVE_INFINITY) this.start(out, "Trying");
    return out;
  }

  /** A retransmitted INVITE, or an ACK, matched this transaction. */
  onRequest(req: SipRequest): Action[] {
    const out: Action[] = [];
    if (req.method === "ACK") {
      if (this.state === "completed") {
        this.stop(out, "G");
        this.stop(out, "H");
        this.state = "confirmed";
        // nothing is re-sent from Confirmed: let the answer go while Timer I runs
        this.lastResponse = null;
        out.push({ type: "acked", message: req });
        if (this.isZero("I")) return this.terminate(out);
        this.start(out, "I");
      } else if (this.state === "accepted") {
        this.stop(out, "G2xx");
        out.push({ type: "deliver", message: req });
      }
      return out;
    }
    if ((this.state === "proceeding" || this.state === "completed") && this.lastResponse) {
      out.push({ type: "send", message: this.lastResponse });
    }
    return out;
  }

  /** The TU responds. */
  respond(res: SipResponse): Action[] {
    const out: Action[] = [];
    const s = res.status;
    if (this.state === "proceeding") {
      this.stop(out, "Trying");
      this.lastResponse = res;
      out.push({ type: "send", message: res });
      if (s >= 200 && s < 300) {
        this.state = "accepted";
        this.start(out, "L");
        if (!this.reliable) this.start(out, "G2xx");
      } else if (s >= 300) {
        this.state = "completed";
        // Over UDP, Timer H rides on Timer G (one timer per answer, not two): G's firings are
        // counted, and the one that would come after H's time is H instead (see onTimer).
        if (this.reliable || this.isZero("G")) this.start(out, "H");
        else {
          this.gElapsed = 0;
          this.start(out, "G");
        }
      }
    } else if (this.state === "accepted" && s >= 200 && s < 300) {
      // RFC 6026 §8.5: the TU may send further 2xx (retransmissions) in Accepted
      this.lastResponse = res;
      out.push({ type: "send", message: res });
    }
    return out;
  }

  onTimer(timer: TimerName): Action[] {
    const out: Action[] = [];
    if (timer === "Trying" && this.state === "proceeding" && !this.lastResponse) {
      this.lastResponse = this.makeTrying(this.request);
      out.push({ type: "send", message: this.lastResponse });
    } else if (timer === "G" && this.state === "completed" && this.lastResponse) {
      out.push({ type: "send", message: this.lastResponse });
      this.gElapsed += this.interval;
      const next = Math.min(this.interval * 2, this.timers.T2);
      const h = duration("H", this.timers, this.reliable);
      if (this.gElapsed + next < h) this.start(out, "G", next);
      else this.start(out, "H", Math.max(0, h - this.gElapsed));
    } else if (timer === "G2xx" && this.state === "accepted" && this.lastResponse) {
      out.push({ type: "send", message: this.lastResponse });
      this.double(out, "G2xx", this.timers.T2);
    } else if (timer === "H" && this.state === "completed") {
      this.stop(out, "G");
      out.push({ type: "timeout", timer: "H" });
      return this.terminate(out);
    } else if (timer === "L" && this.state === "accepted") {
      this.stop(out, "G2xx");
      return this.terminate(out);
    } else if (timer === "I" && this.state === "confirmed") {
      return this.terminate(out);
    }
    return out;
  }

  onTransportError(): Action[] {
    if (this.state === "terminated" || this.state === "confirmed") return [];
    const out: Action[] = [{ type: "transportError" }];
    // RFC 6026 §7.1: a transport error in Accepted does not end the transaction
    if (this.state === "accepted") return out;
    for (const t of ["Trying", "G", "H"] as const) this.stop(out, t);
    return this.terminate(out);
  }
}

function trying(req: SipRequest): SipResponse {
  return createResponse(req, 100);
}
