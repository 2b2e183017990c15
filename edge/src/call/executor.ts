import type { Action, CallInfo, DecisionEvent, TraceMedia, TraceRtpCapture } from "@ringflow/flow/protocol";
import type { ServerTransaction, SipRequest, SipResponse } from "@ringflow/sip-core";
import { actionFailed } from "./events.js";
import type { OutboundLeg } from "./leg.js";
import type { CallPhase } from "./phase.js";

// Extension points of the call layer, for what it does not do itself (media: answer, play,
// collect, record). The call runs `redirect`, `bridge` and `hangup`; every other action goes
// to the edge's `ActionExecutor`. An executor that answers the caller itself calls
// `call.answerLocally(sdp, session)`: the call sends 200 OK (or 183 Session Progress with
// `early`) with that SDP, enters the `answeredLocally` phase, and from then on hands the
// session the caller's ACK (whose body is the SDP answer after a delayed offer, i.e. an
// INVITE without SDP), its in-dialog requests (re-INVITE, INFO, UPDATE, OPTIONS; never BYE:
// the call ends and `close` runs), and, when the flow later bridges, the SDP to offer the
// callee (anchored media) and the callee's answer. See docs/architecture.md, "The call layer".

/** Every action the call does not run itself (answer, play, collect, record, pause, sendDigits). */
export type MediaAction = Exclude<Action, { type: "redirect" | "bridge" | "hangup" }>;

/**
 * What one action came to: `undefined`, go on with the next action of the answer (e.g. after
 * `answer`); an event, report it and let the flow's next answer say what follows (the rest of
 * this answer's actions are dropped: an action that waits ends the list); `null`, nothing to
 * report (the call is over, or what follows comes from the caller: its BYE ends the call).
 */
export type ActionStep = DecisionEvent | null | undefined;

/** The call as an executor sees it. */
export interface CallControl {
  readonly id: string;
  readonly info: CallInfo;
  /** The caller's INVITE (its SDP offer, or none: a delayed offer). */
  readonly invite: SipRequest;
  readonly phase: CallPhase;
  /** The flow's opaque state, for the events an executor reports. */
  readonly decisionState: string | undefined;
  /**
   * Answer the caller with our own SDP. `early`: 183 Session Progress (early media; the call
   * stays `offering` and may still be redirected, bridged or answered later); otherwise
   * 200 OK, and the call is `answeredLocally`. False when the caller can no longer be answered.
   */
  answerLocally(
    sdp: Buffer,
    session: LocalSession,
    opts?: { early?: boolean; contentType?: string },
  ): boolean;
  /**
   * Refuse the caller before any answer (no RTP ports: 503 with Retry-After; an SDP offer we
   * cannot take: 488). False when the caller was answered already.
   */
  refuse(status: number, headers?: Array<[string, string]>): boolean;
  /** The edge ends the answered call itself (its media died): BYE to the caller and any callee. */
  hangUp(reason: string): void;
  /**
   * Tell the flow about something the call no longer waits for: the `record.done` of a caller
   * who hung up while recording (the message is kept, and the flow stores it).
   */
  report(event: DecisionEvent): void;
  /** Keep the call (and its trace) open until the returned function runs (a recording's upload). */
  keepOpen(): () => void;
  /** A media action for the call's trace (what ran, how long, how it ended). */
  traceMedia(entry: TraceMedia): void;
  /**
   * The tenant whose flow asked for this call's RTP to be captured (settings.captureRtp), known
   * from its first decision; undefined: no capture (the default, and always when traces are off).
   */
  readonly captureTenant: string | undefined;
  /** Where the caller's requests come from (its media is expected from there or its SDP's address). */
  readonly peer: { readonly address: string };
  /** The stored RTP capture, for the call's trace (before the call finishes: hold it with keepOpen). */
  traceRtpCapture(capture: TraceRtpCapture): void;
}

/** A media session the edge holds with the caller (answered locally). */
export interface LocalSession {
  /** The caller's ACK for our 200 (after a delayed offer its body is the SDP answer). */
  ack?(ack: SipRequest): void;
  /**
   * An in-dialog request from the caller (already checked against the dialog, §12.2.2):
   * re-INVITE, UPDATE, INFO (DTMF), OPTIONS. Answer it on `tx` and return true; false lets the
   * call answer (relayed when bridged, else 488 to an offer, 200 to OPTIONS/INFO, 501).
   */
  request?(req: SipRequest, tx: ServerTransaction): boolean;
  /** The SDP to offer a bridge target (anchored media); undefined: the caller's own offer. */
  bridgeOffer?(): { body: Buffer; contentType: string } | undefined;
  /**
   * A bridge target answered (`res` carries its SDP): relay media to it. The caller, already
   * answered, is not answered again. False refuses the leg (it is hung up, counted failed).
   */
  bridged?(leg: OutboundLeg, res: SipResponse): boolean;
  /**
   * An in-dialog request from the bridged callee (already checked against its dialog) while
   * media is anchored: a re-INVITE or UPDATE is answered here with the SDP the callee was
   * offered, since its media ends on our ports (relaying it would point the caller's media
   * away from the edge). Return true when answered; false lets the call relay it.
   */
  calleeRequest?(req: SipRequest, tx: ServerTransaction): boolean;
  /** The bridged callee hung up: the session is the caller's only media again. */
  unbridged?(leg: OutboundLeg): void;
  /** The call is over (BYE either way, hangup, Timer L): free ports, stop timers. */
  close(): void;
}

export interface ActionExecutor {
  execute(call: CallControl, action: MediaAction): ActionStep | Promise<ActionStep>;
}

/** The edge without media: every media action is reported as failed, and the flow goes on. */
export const noMedia: ActionExecutor = {
  execute(call, action) {
    return actionFailed(call.info, call.decisionState, {
      action: action.type,
      code: "media_unsupported",
      message: "this edge does not handle media actions yet",
    });
  },
};
