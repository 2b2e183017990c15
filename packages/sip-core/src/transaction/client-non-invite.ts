// RFC 3261 §17.1.2 non-INVITE client transaction.
import type { SipRequest, SipResponse } from "../message.js";
import { type Action, type ClientNonInviteState, MachineBase } from "./machine.js";
import type { TimerConfig, TimerName } from "./timers.js";

export class ClientNonInviteMachine extends MachineBase<ClientNonInviteState> {
  state: ClientNonInviteState = "trying";

  constructor(
    readonly request: SipRequest,
    timers: TimerConfig,
    reliable: boolean,
  ) {
    super(timers, reliable);
  }

  /** Enter Trying: send the request, start E (unreliable only) and F. */
  begin(): Action[] {
    const out: Action[] = [{ type: "send", message: this.request }];
    if (!this.reliable) this.start(out, "E");
    this.start(out, "F");
    return out;
  }

  onResponse(res: SipResponse): Action[] {
    const out: Action[] = [];
    if (this.state !== "trying" && this.state !== "proceeding") return out;
    if (res.status < 200) {
      this.state = "proceeding";
      out.push({ type: "deliver", message: res });
      return out;
    }
    this.stop(out, "E");
    this.stop(out, "F");
    this.state = "completed";
    out.push({ type: "deliver", message: res });
    // Timer K is zero over reliable transports (and over UDP when T4 is configured 0)
    if (this.isZero("K")) return this.terminate(out);
    this.start(out, "K");
    return out;
  }

  onTimer(timer: TimerName): Action[] {
    const out: Action[] = [];
    if (timer === "E" && this.state === "trying") {
      out.push({ type: "send", message: this.request });
      this.double(out, "E", this.timers.T2);
    } else if (timer === "E" && this.state === "proceeding") {
      out.push({ type: "send", message: this.request });
      this.start(out, "E", this.timers.T2);
    } else if (timer === "F" && (this.state === "trying" || this.state === "proceeding")) {
      this.stop(out, "E");
      out.push({ type: "timeout", timer: "F" });
      return this.terminate(out);
    } else if (timer === "K" && this.state === "completed") {
      return this.terminate(out);
    }
    return out;
  }

  onTransportError(): Action[] {
    if (this.state !== "trying" && this.state !== "proceeding") return [];
    const out: Action[] = [
      { type: "stopTimer", timer: "E" },
      { type: "stopTimer", timer: "F" },
      { type: "transportError" },
    ];
    return this.terminate(out);
  }
}
