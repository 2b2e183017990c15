import type { Action, CallInfo, DecisionEvent, TraceMedia, TraceRtpCapture } from "@ringflow/flow/protocol";
import {
  createResponse,
  reasonPhrase,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
} from "@ringflow/sip-core";
import type { DecisionFailure, DecisionResult } from "../decision/client.js";
import type { TraceBuilder } from "../trace/builder.js";
import { fallbackResponse, hangupResponse, redirectResponse } from "./answers.js";
import { Bridge, type BridgeAction, type BridgeHost, type BridgeResult } from "./bridge.js";
import { type CallDeps, CallerLeg } from "./caller.js";
import { bridgeDone, callEnded, callNew } from "./events.js";
import type { ActionStep, CallControl, LocalSession } from "./executor.js";
import type { OutboundLeg } from "./leg.js";
import type { CallPhase } from "./phase.js";
import { Relay } from "./relay.js";

// One call, from the caller's INVITE to its end: the decision loop. Ask the decision function,
// run its answer's actions in order (redirect, hangup and bridge here; media actions through
// the pluggable executor), report how each waiting action ended as the next event, and never
// leave the caller without a final answer. The caller's side (answers, dialog, lifetime) is
// caller.ts; ringing is bridge.ts and leg.ts; a bridged call's in-dialog traffic is relay.ts.

export type { CallDeps } from "./caller.js";

type HangupAction = Extract<Action, { type: "hangup" }>;
export type FallbackReason = DecisionFailure | "loop" | "tenant_cap";

/** More decisions than this in one call means a loop: the call goes to its fallback. */
const MAX_DECISIONS = 20;
const NO_IDS: string[] = [];

/** A decision port that rejected instead of answering a failure (its contract says it never throws). */
const PORT_FAILED: DecisionResult = {
  ok: false,
  error: "error",
  detail: "the decision port threw",
  latencyMs: 0,
};

export class Call extends CallerLeg implements CallControl, BridgeHost {
  phase: CallPhase = "offering";
  decisionState: string | undefined;
  private decisionCount = 0;
  /** The event being decided on, and when it was asked (for the trace). */
  private asked: DecisionEvent | undefined = undefined;
  private askedAt = 0;
  /** The bridge ringing or connected now (one at a time), and every leg of the call's bridges. */
  private bridge: Bridge | undefined;
  private legs: OutboundLeg[] | undefined;
  /** The answered callee, and the in-dialog relay to it. */
  private winner: OutboundLeg | undefined;
  private relay: Relay | undefined;
  /** The media session when the edge answered the caller itself. */
  private session: LocalSession | undefined;
  /** Ever bridged (the trace's outcome stays "bridged" whoever ends it). */
  private wasBridged = false;
  /** The tenant its first decision named, and the legs it started (protect/tenants.ts counts them). */
  tenantId: string | undefined = undefined;
  legsHeld = 0;
  /** Why the call took its fallback (for the trace and the log line). */
  fallbackReason: FallbackReason | undefined;
  captureTenant: string | undefined = undefined;

  constructor(
    id: string,
    tx: ServerTransaction,
    info: CallInfo,
    number: string | undefined,
    trace: TraceBuilder | undefined,
    deps: CallDeps,
  ) {
    super(id, tx, info, number, trace, deps);
  }

  get sip() {
    return this.deps.sip;
  }

  get advertised() {
    return this.deps.advertised;
  }

  /** "b1", "b2"...: the trace's name for the outbound leg with this Call-ID. */
  legIdOf(callId: string): string {
    return this.legOf(callId)?.id ?? "b";
  }

  get legCount(): number {
    return this.legs === undefined ? 0 : this.legs.length;
  }

  get legCallIds(): string[] {
    return this.legs === undefined ? NO_IDS : this.legs.map((l) => l.callId);
  }

  private legOf(callId: string): OutboundLeg | undefined {
    const legs = this.legs;
    if (legs) for (const l of legs) if (l.callId === callId) return l;
    return undefined;
  }

  protected ended(): void {
    this.phase = "ended";
    const s = this.session;
    this.session = undefined;
    s?.close();
  }

  // ---- the decision loop -----------------------------------------------------------------

  /**
   * Ask the decision function about the new call, then run its answers' actions until the
   * call ends. A loop of callbacks rather than async frames: an answer held in memory costs
   * one promise hop, not a chain of them per call.
   */
  run(): void {
    this.ask(callNew(this.info));
  }

  private ask(event: DecisionEvent): void {
    if (++this.decisionCount > MAX_DECISIONS) {
      this.fallback("loop");
      return;
    }
    this.asked = event;
    this.askedAt = this.trace ? this.deps.now() : 0;
    this.deps.decisions.decide(event).then(
      (r) => this.answered(r),
      () => this.answered(PORT_FAILED),
    );
  }

  private answered(r: DecisionResult): void {
    if (this.trace && this.asked) this.traceDecision(this.asked, this.askedAt, r);
    this.asked = undefined;
    if (this.over) return;
    if (!r.ok) {
      this.fallback(r.error);
      return;
    }
    // The tenant's calls in progress are capped (another tenant's calls are not held up by it).
    const tenant = r.answer.trace?.tenantId;
    if (this.tenantId === undefined && tenant !== undefined && !this.deps.guard.admitCall(this, tenant)) {
      this.fallback("tenant_cap");
      return;
    }
    // RTP capture is decided once, by the first answer that names the tenant (media starts later).
    if (this.trace && this.captureTenant === undefined && tenant !== undefined && r.answer.trace?.captureRtp)
      this.captureTenant = tenant;
    this.decisionState = r.answer.state;
    this.runActions(r.answer.actions, 0);
  }

  /** Runs actions in order from `from` until one waits (its outcome is the next event) or ends the call. */
  private runActions(actions: Action[], from: number): void {
    for (let i = from; i < actions.length; i++) {
      if (this.over) return;
      const a = actions[i] as Action;
      let step: ActionStep | Promise<ActionStep>;
      switch (a.type) {
        case "redirect":
          this.redirect(a);
          return;
        case "hangup":
          this.hangup(a);
          return;
        case "bridge":
          step = this.runBridge(a);
          break;
        default:
          step = this.deps.executor.execute(this, a);
      }
      if (step instanceof Promise) {
        step.then(
          (s) => this.stepped(s, actions, i + 1),
          () => this.fallback("error"),
        );
        return;
      }
      if (step !== undefined) {
        if (step !== null && !this.over) this.ask(step);
        return;
      }
    }
    if (!this.over) this.flowEnded();
  }

  private stepped(step: ActionStep, actions: Action[], next: number): void {
    if (this.over) return;
    if (step === undefined) this.runActions(actions, next);
    else if (step !== null) this.ask(step);
  }

  /** The flow stopped giving actions while the caller waits: hang up rather than hang. */
  private flowEnded(): void {
    if (this.dialog) {
      this.hangUpAnswered();
      this.end(this.wasBridged ? "bridged" : "hungup");
      return;
    }
    this.finalAnswer(480, "Flow Ended");
    this.end("hungup");
  }

  /** For call.ended, which nothing waits on but the trace. */
  private async decide(event: DecisionEvent): Promise<DecisionResult> {
    const at = this.deps.now();
    const r = await this.deps.decisions.decide(event);
    if (this.trace) this.traceDecision(event, at, r);
    return r;
  }

  private traceDecision(event: DecisionEvent, at: number, r: DecisionResult): void {
    const t = this.trace;
    if (!t) return;
    t.addDecision({
      at,
      event: event.type,
      latencyMs: Math.round(r.latencyMs * 1000) / 1000,
      actions: r.ok ? r.answer.actions.map((a) => a.type) : [],
      ...(r.ok ? {} : { error: r.error }),
    });
    if (r.ok && r.answer.trace) {
      const m = r.answer.trace;
      if (m.tenantId !== undefined) t.tenantId = m.tenantId;
      if (m.flowId !== undefined) t.flowId = m.flowId;
      if (m.version !== undefined) t.version = m.version;
      t.addPath(m.path);
    }
  }

  // ---- redirect, hangup, fallback ---------------------------------------------------------

  private redirect(a: Extract<Action, { type: "redirect" }>): void {
    if (this.finalSent) {
      // Answered already: a redirect cannot reach the caller any more.
      this.hangUpAnswered();
      this.end(this.wasBridged ? "bridged" : "hungup");
      return;
    }
    this.final(
      redirectResponse(this.make(a.status, a.status === 301 ? "Moved Permanently" : "Moved Temporarily"), a),
    );
    this.end("redirected");
  }

  private hangup(a: HangupAction): void {
    if (this.dialog) {
      this.hangUpAnswered(a.reason);
      this.end(this.wasBridged ? "bridged" : "hungup");
      return;
    }
    const status = a.status ?? 480;
    this.final(hangupResponse(this.make(status, reasonPhrase(status) || "Unavailable"), status, a.reason));
    this.end(status === 486 || status === 600 || status === 603 ? "rejected" : "hungup");
  }

  /** Decision failed (timeout, error, malformed, loop): the number's fallback, or 503. */
  private fallback(why: FallbackReason): void {
    this.fallbackReason = why;
    if (this.trace) this.trace.fallbackReason = why;
    if (this.dialog) {
      this.hangUpAnswered();
      this.end(this.wasBridged ? "bridged" : "fallback");
      return;
    }
    const uri = this.deps.fallbackFor(this.number);
    this.final(
      uri
        ? fallbackResponse(this.make(302, "Moved Temporarily"), uri)
        : fallbackResponse(this.make(503, "Service Unavailable"), undefined, this.deps.retryAfterSec),
    );
    this.end("fallback");
  }

  /** BYE both sides of an answered call. */
  private hangUpAnswered(reason?: string): void {
    this.byeWinner();
    this.byeCaller(reason);
  }

  // ---- bridge ----------------------------------------------------------------------------

  private runBridge(a: BridgeAction): Promise<ActionStep> | ActionStep {
    if (this.phase === "bridging" || this.phase === "bridged") return undefined; // one at a time
    const back = this.phase;
    this.phase = "bridging";
    const invite = this.invite;
    const offer = this.session?.bridgeOffer?.();
    const bridge = new Bridge(
      this,
      a,
      {
        from: a.callerId
          ? `<sip:${a.callerId}@${this.deps.advertised.host}>`
          : (invite.get("from") ?? "").replace(/;\s*tag=[^;]*/i, ""),
        body: offer ? offer.body : invite.body,
        contentType: offer ? offer.contentType : invite.get("content-type"),
        maxForwards: invite.maxForwards ?? 70,
      },
      this.legs?.length ?? 0,
    );
    this.bridge = bridge;
    // The caller's own Call-ID reaches this call while it rings (merged INVITEs, its ACK).
    if (!this.indexed) this.deps.index(this.invite.callId, this);
    return bridge.run().then((r) => this.bridgeEnded(r, back));
  }

  private bridgeEnded(r: BridgeResult, back: CallPhase): ActionStep {
    if (r.kind === "answered") return null; // connected: the next event is a hangup's
    this.bridge = undefined;
    if (this.over || r.kind === "stopped") return null;
    this.phase = back;
    return bridgeDone(this.info, this.decisionState, {
      outcome: r.end.outcome,
      sipCode: r.end.sipCode,
      ...(r.target ? { target: r.target.slice(0, 256) } : {}),
    });
  }

  admitLeg(): boolean {
    return this.deps.guard.admitLeg(this);
  }

  legStarted(leg: OutboundLeg): void {
    if (this.legs === undefined) this.legs = [];
    this.legs.push(leg);
    this.deps.index(leg.callId, this);
  }

  provisional(_leg: OutboundLeg, res: SipResponse): void {
    if (this.dialog) return; // answered already (locally): the caller hears the session
    this.sendProvisional(res.status, res.reason, res.body, res.get("content-type"));
  }

  connect(leg: OutboundLeg, res: SipResponse): boolean {
    if (this.over) return false;
    if (this.dialog) {
      // Answered locally: the session anchors the media and takes the callee's answer.
      if (!this.session?.bridged?.(leg, res)) return false;
    } else if (!this.accept(res.body, res.get("content-type"))) return false;
    this.winner = leg;
    this.wasBridged = true;
    this.phase = "bridged";
    const d = this.dialog;
    const ld = leg.dialog;
    if (d && ld) {
      this.relay = new Relay(
        this.deps.sip,
        this.deps.advertised,
        { dialog: d, peer: this.peer, flow: true },
        { dialog: ld, peer: leg.peer, flow: false },
        () => this.hold(),
        () => this.release(),
      );
    }
    return true;
  }

  /** BYE to the answered callee, keeping the call (and its trace) open until it is answered. */
  private byeWinner(): void {
    const w = this.winner;
    this.winner = undefined;
    this.relay = undefined;
    if (w?.state !== "answered") return;
    this.hold();
    w.bye(() => this.release());
  }

  // ---- answering locally (the media extension point) -------------------------------------

  answerLocally(
    sdp: Buffer,
    session: LocalSession,
    opts: { early?: boolean; contentType?: string } = {},
  ): boolean {
    if (this.over || this.finalSent || this.phase !== "offering") return false;
    this.session = session;
    const ct = opts.contentType ?? "application/sdp";
    if (opts.early) {
      this.sendProvisional(183, "Session Progress", sdp, ct);
      return true;
    }
    if (!this.accept(sdp, ct)) return false;
    this.phase = "answeredLocally";
    return true;
  }

  refuse(status: number, headers?: Array<[string, string]>): boolean {
    if (this.over || this.finalSent) return false;
    this.finalAnswer(status, "Unavailable", headers);
    this.end("failed");
    return true;
  }

  hangUp(reason: string): void {
    if (this.over || !this.dialog) return;
    this.bridge?.stop();
    this.hangUpAnswered(reason);
    this.end(this.wasBridged ? "bridged" : "hungup");
    this.notifyEnded("edge", undefined);
  }

  report(event: DecisionEvent): void {
    this.hold();
    void this.decide(event).finally(() => this.release());
  }

  keepOpen(): () => void {
    this.hold();
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.release();
    };
  }

  traceMedia(entry: TraceMedia): void {
    this.trace?.addMedia(entry);
  }

  traceRtpCapture(capture: TraceRtpCapture): void {
    if (this.trace) this.trace.rtpCapture = capture;
  }

  // ---- requests from either side ----------------------------------------------------------

  /** The caller's CANCEL (already answered 200 by the transaction layer): stop everything, 487. */
  protected cancelled(): void {
    if (this.finalSent) return;
    this.bridge?.stop();
    this.finalAnswer(487, "Request Terminated");
    this.end("cancelled");
    this.notifyEnded("caller", 487);
  }

  protected unacknowledged(): void {
    this.byeWinner();
    this.byeCaller();
    this.end("failed");
  }

  /** An ACK without a transaction from the caller: for our 2xx, or for a relayed re-INVITE's. */
  callerAck(ack: SipRequest): void {
    if (!this.inCallerDialog(ack)) return;
    if (this.relay?.ack("a", ack)) return;
    if (ack.cseq.seq !== this.invite.cseq.seq) return;
    // After a delayed offer the caller's answer is in this ACK: pass it on.
    const w = this.winner;
    if (w?.delayedOffer) w.ackWith(ack.body, ack.get("content-type"));
    this.session?.ack?.(ack);
    this.acked();
  }

  /** An in-dialog request from the caller (BYE, re-INVITE, INFO, ...). */
  fromCaller(req: SipRequest, tx: ServerTransaction): void {
    const d = this.dialog;
    if (!d || !this.inCallerDialog(req) || d.state === "terminated") {
      tx.respond(createResponse(req, 481));
      return;
    }
    if (this.refused(d, req, tx)) return;
    this.refreshFlow(tx.from);
    if (req.method === "BYE") {
      tx.respond(createResponse(req, 200));
      if (this.over) return;
      const w = this.winner;
      const at = w?.answeredAt;
      const bridgedSec = at === undefined ? undefined : (this.deps.sip.clock.now() - at) / 1000;
      this.byeWinner();
      this.bridge?.stop();
      this.end(this.wasBridged ? "bridged" : "hungup");
      this.notifyEnded("caller", undefined, bridgedSec);
      return;
    }
    if (this.session?.request?.(req, tx)) {
      if (req.method === "INVITE") d.answeredInvite();
      return;
    }
    if (this.relay) {
      this.relay.request("a", req, tx);
      return;
    }
    this.answerUnhandled(req, tx);
  }

  /** An in-dialog request from an outbound leg's callee. */
  fromCallee(req: SipRequest, tx: ServerTransaction | null): void {
    const leg = this.legOf(req.callId);
    const ld = leg?.dialog;
    const mine =
      leg !== undefined &&
      ld !== undefined &&
      req.to.tag === leg.localTag &&
      req.from.tag === ld.id.remoteTag;
    if (!tx) {
      if (mine && req.method === "ACK") this.relay?.ack("b", req);
      return;
    }
    if (!mine || !leg || !ld || ld.state === "terminated") {
      tx.respond(createResponse(req, 481));
      return;
    }
    if (this.refused(ld, req, tx)) return;
    if (req.method === "BYE") {
      tx.respond(createResponse(req, 200));
      leg.remoteEnded();
      if (leg === this.winner && !this.over) this.calleeHungUp(leg);
      return;
    }
    if (leg !== this.winner || !this.relay || this.over) {
      tx.respond(createResponse(req, 481));
      return;
    }
    if (this.session?.calleeRequest?.(req, tx)) {
      if (req.method === "INVITE") ld.answeredInvite();
      return;
    }
    this.relay.request("b", req, tx);
  }

  /** The bridged callee hung up: the flow hears bridge.done (answered) and says what follows. */
  private calleeHungUp(leg: OutboundLeg): void {
    this.winner = undefined;
    this.relay = undefined;
    this.bridge = undefined;
    this.phase = "answeredLocally";
    this.session?.unbridged?.(leg);
    const at = leg.answeredAt;
    const durationSec = at === undefined ? 0 : Math.max(0, (this.deps.sip.clock.now() - at) / 1000);
    this.ask(
      bridgeDone(this.info, this.decisionState, {
        outcome: "answered",
        sipCode: 200,
        target: leg.spec.target.slice(0, 256),
        durationSec: Math.round(durationSec * 1000) / 1000,
      }),
    );
  }

  /** §12.2.2 checks on an in-dialog request (CSeq order, re-INVITE glare); true when refused. */
  private refused(d: NonNullable<CallerLeg["dialog"]>, req: SipRequest, tx: ServerTransaction): boolean {
    const status = d.receiveRequest(req);
    if (status === null) return false;
    const res = createResponse(req, status);
    if (status === 500) res.add("Retry-After", "1");
    tx.respond(res);
    return true;
  }

  /** An in-dialog request nobody took (answered locally, no session for it). */
  private answerUnhandled(req: SipRequest, tx: ServerTransaction): void {
    const m = req.method;
    const status = m === "OPTIONS" || m === "INFO" ? 200 : m === "INVITE" || m === "UPDATE" ? 488 : 501;
    tx.respond(createResponse(req, status));
    if (m === "INVITE") this.dialog?.answeredInvite();
  }

  /** Tell the flow the call ended (after an answer or a caller's CANCEL); traced, not waited on by SIP. */
  private notifyEnded(by: "caller" | "callee" | "edge", sipCode?: number, bridgedSec?: number): void {
    this.hold();
    const data: { by: typeof by; sipCode?: number; reason?: string } = { by };
    if (sipCode !== undefined) data.sipCode = sipCode;
    if (bridgedSec !== undefined) data.reason = `bridged ${bridgedSec.toFixed(1)} s`;
    void this.decide(callEnded(this.info, this.decisionState, data)).finally(() => this.release());
  }
}
