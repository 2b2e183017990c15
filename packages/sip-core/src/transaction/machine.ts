// What a transaction state machine tells its driver to do. Machines are pure: inputs are
// method calls (a message, a timer firing, a transport error), outputs are these actions.
import type { SipRequest, SipResponse } from "../message.js";
import { duration, TIMER_NAMES, type TimerConfig, type TimerName } from "./timers.js";

export type Action =
  /** Send this message to the transaction's peer. */
  | { type: "send"; message: SipRequest | SipResponse }
  /** Hand a message up to the transaction user (responses for clients, requests/ACKs for servers). */
  | { type: "deliver"; message: SipRequest | SipResponse }
  /** Timer B/F fired (client) or H/L fired (server, no ACK): the TU treats it as a 408 / failure. */
  | { type: "timeout"; timer: TimerName }
  /**
   * The ACK for a non-2xx final response reached an INVITE server transaction (Completed ->
   * Confirmed). The transaction absorbs it (the TU never gets that ACK as a request); this
   * tells the TU its answer was received, without waiting for Timer I.
   */
  | { type: "acked"; message: SipRequest }
  /** The transport failed to send: the TU treats it as a 503. */
  | { type: "transportError" }
  | { type: "startTimer"; timer: TimerName; ms: number }
  | { type: "stopTimer"; timer: TimerName }
  | { type: "terminated" };

export type ClientInviteState = "calling" | "proceeding" | "completed" | "accepted" | "terminated";
export type ClientNonInviteState = "trying" | "proceeding" | "completed" | "terminated";
export type ServerInviteState = "proceeding" | "completed" | "confirmed" | "accepted" | "terminated";
export type ServerNonInviteState = "trying" | "proceeding" | "completed" | "terminated";

// Actions that carry nothing but a timer name are shared (frozen): a call's transactions
// stop and end timers by the thousand per second, and these need no allocation.
const STOP = {} as Record<TimerName, Action>;
for (const t of TIMER_NAMES) STOP[t] = Object.freeze({ type: "stopTimer", timer: t });
const TERMINATED: Action = Object.freeze({ type: "terminated" });

/** Shared timer bookkeeping for the four machines. */
export abstract class MachineBase<S extends string> {
  abstract state: S;
  /**
   * Current interval of the doubling timer (A, E, G or G2xx; a machine runs one of them at a
   * time, and restarting any timer through `start` sets it): a number, not a Map per machine.
   */
  protected interval = 0;

  constructor(
    readonly timers: TimerConfig,
    /** Reliable transport (TCP): no retransmission timers, zero D/I/J/K. */
    readonly reliable: boolean,
  ) {}

  protected start(out: Action[], timer: TimerName, ms = duration(timer, this.timers, this.reliable)): void {
    if (timer === "A" || timer === "E" || timer === "G" || timer === "G2xx") this.interval = ms;
    out.push({ type: "startTimer", timer, ms });
  }

  /** A timer of zero length (reliable transports, or configured so): the state it guards ends at once. */
  protected isZero(timer: TimerName): boolean {
    return duration(timer, this.timers, this.reliable) === 0;
  }

  protected stop(out: Action[], timer: TimerName): void {
    out.push(STOP[timer]);
  }

  /** Restart a doubling timer at twice its last interval, capped at `cap` when given. */
  protected double(out: Action[], timer: TimerName, cap?: number): void {
    const next = (this.interval || this.timers.T1) * 2;
    this.start(out, timer, cap === undefined ? next : Math.min(next, cap));
  }

  protected terminate(out: Action[]): Action[] {
    (this as { state: string }).state = "terminated";
    out.push(TERMINATED);
    return out;
  }
}
