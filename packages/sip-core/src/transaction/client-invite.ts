// RFC 3261 §17.1.1 INVITE client transaction, with RFC 6026's Accepted state.
import type { SipRequest, SipResponse } from "../message.js";
import { type Action, type ClientInviteState, MachineBase } from "./machine.js";
import { buildAckForFailure } from "./requests.js";
import type { TimerConfig, TimerName } from "./timers.js";

export class ClientInviteMachine extends MachineBase<ClientInviteState> {
  state: ClientInviteState = "calling";
  private ack: SipRequest | null = null;

  constructor(
    readonly request: SipRequest,
    timers: TimerConfig,
    reliable: boolean,
  ) {
    super(timers, reliable);
  }

  /** Enter Calling: send the INVITE, start A (unreliable only) and B. */
  begin(): Action[] {
    const out: Action[] = [{ type: "send", message: this.request }];
    if (!this.reliable) this.start(out, "A");
    this.start(out, "B");
    return out;
  }

  onResponse(res: SipResponse): Action[] {
    const out: Action[] = [];
    const s = res.status;
    switch (this.state) {
      case "calling":
      case "proceeding":
        if (s < 200) {
          if (this.state === "calling") {
            this.stop(out, "A");
            this.stop(out, "B");
            this.state = "proceeding";
          }
          out.push({ type: "deliver", message: res });
        } else if (s < 300) {
          this.stop(out, "A");
          this.stop(out, "B");
          this.state = "accepted";
          out.push({ type: "deliver", message: res });
          this.start(out, "M");
        } else {
          this.stop(out, "A");
          this.stop(out, "B");
          this.state = "completed";
          this.ack = buildAckForFailure(this.request, res);
          out.push({ type: "send", message: this.ack }, { type: "deliver", message: res });
          // Timer D is zero over reliable transports
          if (this.isZero("D")) return this.terminate(out);
          this.start(out, "D");
        }
        return out;
      case "completed":
        // a retransmitted final response: re-send the ACK, do not bother the TU
        if (s >= 300 && this.ack) out.push({ type: "send", message: this.ack });
        return out;
      case "accepted":
        // RFC 6026 §8.4: 2xx retransmissions go to the TU (it re-sends its ACK)
        if (s >= 200 && s < 300) out.push({ type: "deliver", message: res });
        return out;
      default:
        return out;
    }
  }

  onTimer(timer: TimerName): Action[] {
    const out: Action[] = [];
    if (timer === "A" && this.state === "calling") {
      out.push({ type: "send", message: this.request });
      this.double(out, "A");
    } else if (timer === "B" && this.state === "calling") {
      out.push({ type: "timeout", timer: "B" });
      return this.terminate(out);
    } else if (
      (timer === "D" && this.state === "completed") ||
      (timer === "M" && this.state === "accepted")
    ) {
      return this.terminate(out);
    }
    return out;
  }

  onTransportError(): Action[] {
    if (this.state !== "calling") return [];
    const out: Action[] = [
      { type: "stopTimer", timer: "A" },
      { type: "stopTimer", timer: "B" },
      { type: "transportError" },
    ];
    return this.terminate(out);
  }
}
