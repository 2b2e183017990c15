// RFC 3261 §17.2.2 non-INVITE server transaction.
import type { SipRequest, SipResponse } from "../message.js";
import { type Action, MachineBase, type ServerNonInviteState } from "./machine.js";
import type { TimerConfig, TimerName } from "./timers.js";

export class ServerNonInviteMachine extends MachineBase<ServerNonInviteState> {
  state: ServerNonInviteState = "trying";
  lastResponse: SipResponse | null = null;

  constructor(
    readonly request: SipRequest,
    timers: TimerConfig,
    reliable: boolean,
  ) {
    super(timers, reliable);
  }

  /** Enter Trying: pass the request up. */
  begin(): Action[] {
    return [{ type: "deliver", message: this.request }];
  }

  /** A retransmission of the request matched this transaction. */
  onRequest(_req: SipRequest): Action[] {
    if ((this.state === "proceeding" || this.state === "completed") && this.lastResponse) {
      return [{ type: "send", message: this.lastResponse }];
    }
    return []; // Trying: absorbed
  }

  respond(res: SipResponse): Action[] {
    const out: Action[] = [];
    if (this.state !== "trying" && this.state !== "proceeding") return out;
    this.lastResponse = res;
    out.push({ type: "send", message: res });
    if (res.status < 200) {
      this.state = "proceeding";
      return out;
    }
    this.state = "completed";
    // Timer J is zero over reliable transports
    if (this.isZero("J")) return this.terminate(out);
    this.start(out, "J");
    return out;
  }

  onTimer(timer: TimerName): Action[] {
    if (timer === "J" && this.state === "completed") return this.terminate([]);
    return [];
  }

  onTransportError(): Action[] {
    if (this.state === "terminated") return [];
    return this.terminate([{ type: "transportError" }]);
  }
}
