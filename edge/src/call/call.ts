import type { Action, BridgeOutcome, CallInfo, CallOutcome, DecisionEvent } from "@ringflow/flow/protocol";
import {
  createResponse,
  Dialog,
  reasonPhrase,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
} from "@ringflow/sip-core";
import type { DecisionPort, DecisionResult } from "../decision/client.js";
import { type Advertised, contact, inDialogRequest } from "../sip/dialog.js";
import type { SipStack } from "../sip/stack.js";
import { resolveTarget } from "../sip/target.js";
import type { Peer } from "../sip/transport.js";
import type { TraceBuilder } from "../trace/builder.js";
import { type LegEnd, OutboundLeg } from "./leg.js";

// One call, from the caller's INVITE to its end: ask the decision function, run its actions
// (redirect, bridge, hangup; media actions are reported as failed), report each outcome as
// the next event, and never leave the caller without a final answer.

type RedirectAction = Extract<Action, { type: "redirect" }>;
type HangupAction = Extract<Action, { type: "hangup" }>;
type BridgeAction = Extract<Action, { type: "bridge" }>;

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

export interface CallDeps {
  stack: SipStack;
  decisions: DecisionPort;
  advertised: Advertised;
  fallbackFor(number: string | undefined): string | undefined;
  retryAfterSec: number;
  /** Route in-dialog traffic of a Call-ID (an outbound leg's, or the caller's once answered) to this call. */
  registerLeg(callId: string, call: Call): void;
  /** The call is over and nothing of it is pending: write its trace, forget it. */
  finished(call: Call): void;
  now(): number;
}

export class Call {
  outcome: CallOutcome | undefined;
  endedAt = 0;
  private decisionState: string | undefined;
  private decisionCount = 0;
  private pending = 0;
  private legs: OutboundLeg[] = [];
  private winner: OutboundLeg | undefined;
  private callerDialog: Dialog | undefined;
  private answeredAt = 0;
  private ringing:
    | ((r: { answered: OutboundLeg } | { end: LegEnd; target: string } | { cancelled: true }) => void)
    | undefined;
  private legEnds: Array<{ end: LegEnd; target: string }> = [];
  /** Re-INVITEs relayed to the other side, by CSeq seen there, waiting for the ACK to pass on. */
  private relayedAcks: Map<string, { dialog: Dialog; cseq: number; peer: Peer }> | undefined;
  /** The caller's INVITE and where it came from. */
  readonly invite: SipRequest;
  readonly peer: Peer;
  /** The final status sent to the caller (0 until then). */
  finalStatus = 0;
  private awaitingAck = false;
  /** The event being decided on, and when it was asked (for the trace). */
  private asked: DecisionEvent | undefined = undefined;
  private askedAt = 0;
  /** deps.finished has run. */
  private gone = false;
  /** The edge's Call-ID table holds this call (under its own or a leg's Call-ID). */
  indexed = false;

  constructor(
    readonly id: string,
    /** sip-core's INVITE server transaction: retransmissions, CANCEL, Timers G/H/I/L. */
    readonly tx: ServerTransaction,
    readonly info: CallInfo,
    readonly number: string | undefined,
    readonly trace: TraceBuilder | undefined,
    private readonly deps: CallDeps,
  ) {
    this.invite = tx.request;
    this.peer = tx.from;
    this.hold();
    tx.onCancel = () => this.cancel();
    // The final answer is settled when its ACK comes (a failure's ACK is absorbed by the
    // transaction, which reports it), or when the transaction gives up on it.
    tx.onAck = () => this.settled();
    tx.onTimeout = () => this.settled();
    tx.onTerminated = () => {
      if (this.awaitingAck && this.finalStatus < 300) {
        // Our 2xx was never ACKed (Timer L): the caller is gone; end both sides.
        this.byeWinner();
        this.byeCaller();
        this.end("failed");
      }
      this.settled();
    };
  }

  get finalSent(): boolean {
    return this.finalStatus >= 200;
  }

  /** A response to the caller's INVITE with the transaction's To tag (not yet sent). */
  private make(status: number, reason?: string): SipResponse {
    // reason undefined: createResponse uses the standard phrase (no object spread per answer)
    return createResponse(this.invite, status, { toTag: this.tx.toTag, reason });
  }

  /** The 100 Trying, unless an answer already went out. */
  trying(): void {
    if (!this.finalSent && !this.over && this.tx.state === "proceeding") this.tx.respond(this.make(100));
  }

  get over(): boolean {
    return this.outcome !== undefined;
  }

  /** "b1", "b2"...: the trace's name for the outbound leg with this Call-ID. */
  legIdOf(callId: string): string {
    return this.legs.find((l) => l.callId === callId)?.id ?? "b";
  }

  get legCallIds(): string[] {
    return this.legs.length === 0 ? NO_IDS : this.legs.map((l) => l.callId);
  }

  // ---- lifetime --------------------------------------------------------------------------

  private hold(): void {
    this.pending++;
  }

  private release(): void {
    if (--this.pending !== 0) return;
    // The transaction may linger (Timer I absorbs ACK copies): let it not keep the call alive.
    const tx = this.tx;
    tx.onAck = null;
    tx.onTimeout = null;
    tx.onTerminated = null;
    tx.onCancel = null;
    if (this.gone) return;
    this.gone = true;
    this.deps.finished(this);
  }

  /** Record the outcome once; the call finishes when nothing is pending any more. */
  private end(outcome: CallOutcome): void {
    if (this.over) return;
    this.outcome = outcome;
    this.endedAt = this.deps.now();
    this.release();
  }

  /** Send a final answer to the caller and keep the call until it is ACKed (or given up on). */
  private final(res: SipResponse): void {
    if (this.finalSent) return;
    this.finalStatus = res.status;
    if (this.tx.state !== "proceeding") return; // the transaction failed (transport): nothing to wait for
    this.hold();
    this.awaitingAck = true;
    this.tx.respond(res);
  }

  /** The final answer was ACKed, or will not be: the call may finish. */
  private settled(): void {
    if (!this.awaitingAck) return;
    this.awaitingAck = false;
    this.release();
  }

  // ---- the decision loop -----------------------------------------------------------------

  /**
   * Ask the decision function about the new call, then run its answers' actions until the
   * call ends. A loop of callbacks rather than async frames: an answer held in memory costs
   * one promise hop, not a chain of them per call.
   */
  run(): void {
    this.ask({ v: 1, type: "call.new", call: this.info });
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
    this.decisionState = r.answer.state;
    const next = this.execute(r.answer.actions);
    if (next === null) return;
    if (next instanceof Promise) {
      next.then(
        (e) => {
          if (e !== null && !this.over) this.ask(e);
        },
        () => this.fallback("error"),
      );
      return;
    }
    if (!this.over) this.ask(next);
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

  private event<T extends DecisionEvent["type"]>(type: T, data: unknown): DecisionEvent {
    return {
      v: 1,
      type,
      call: this.info,
      ...(this.decisionState !== undefined ? { state: this.decisionState } : {}),
      data,
    } as DecisionEvent;
  }

  /**
   * Runs actions in order; returns the event to report next, or null when the call is done
   * (a promise of either only while a bridge rings).
   */
  private execute(actions: Action[]): DecisionEvent | null | Promise<DecisionEvent | null> {
    for (const a of actions) {
      if (this.over) return null;
      switch (a.type) {
        case "redirect":
          this.redirect(a);
          return null;
        case "hangup":
          this.hangup(a);
          return null;
        case "bridge":
          return this.bridge(a);
        case "answer":
        case "play":
        case "collect":
        case "record":
          // Media (RTP, prompts, DTMF, recording) is not in this edge yet: the flow is told the
          // action failed, so it can go on (its failure branch, or a hangup).
          return this.event("action.failed", {
            action: a.type,
            code: "media_unsupported",
            message: "this edge does not handle media actions yet",
          });
      }
    }
    // The flow stopped giving actions while the caller waits: hang up rather than hang.
    this.finalAnswer(480, "Flow Ended");
    this.end("hungup");
    return null;
  }

  private finalAnswer(status: number, reason: string, headers: Array<[string, string]> = []): void {
    const res = this.make(status, reasonPhrase(status) || reason);
    for (const [n, v] of headers) res.add(n, v);
    this.final(res);
  }

  // ---- actions ---------------------------------------------------------------------------

  private redirect(a: RedirectAction): void {
    const res = this.make(a.status, a.status === 301 ? "Moved Permanently" : "Moved Temporarily");
    for (const c of a.contacts) {
      const uri = c.uri.startsWith("<") ? c.uri : `<${c.uri}>`;
      res.add("Contact", c.q === undefined ? uri : `${uri};q=${c.q}`);
    }
    this.final(res);
    this.end("redirected");
  }

  private hangup(a: HangupAction): void {
    if (this.callerDialog) {
      this.byeWinner();
      this.byeCaller(a.reason);
      this.end("hungup");
      return;
    }
    const status = a.status ?? 480;
    const headers: Array<[string, string]> = [];
    headers.push([
      "Reason",
      `SIP;cause=${status};text="${(a.reason ?? reasonPhrase(status)).replace(/["\\]/g, "")}"`,
    ]);
    this.finalAnswer(status, "Unavailable", headers);
    this.end(status === 486 || status === 600 || status === 603 ? "rejected" : "hungup");
  }

  /** Decision failed (timeout, error, malformed, loop): the number's fallback, or 503. */
  private fallback(_why: string): void {
    const uri = this.deps.fallbackFor(this.number);
    if (uri) {
      const res = this.make(302, "Moved Temporarily");
      res.add("Contact", uri.startsWith("<") ? uri : `<${uri}>`);
      this.final(res);
    } else {
      this.finalAnswer(503, "Service Unavailable", [["Retry-After", String(this.deps.retryAfterSec)]]);
    }
    this.end("fallback");
  }

  // ---- bridge ----------------------------------------------------------------------------

  private async bridge(a: BridgeAction): Promise<DecisionEvent | null> {
    const targets =
      a.strategy === "simultaneous" ? [a.targets] : a.targets.map((t) => [t] as BridgeAction["targets"]);
    let last: { end: LegEnd; target: string } | undefined;
    for (const group of targets) {
      const r = await this.ring(group, a);
      if ("answered" in r || "cancelled" in r || this.over) return null;
      last = r;
    }
    const worst = last ?? { end: { outcome: "failed" as BridgeOutcome, sipCode: 0 }, target: "" };
    return this.event("bridge.done", {
      outcome: worst.end.outcome,
      sipCode: worst.end.sipCode,
      ...(worst.target ? { target: worst.target.slice(0, 256) } : {}),
    });
  }

  /** Ring a group of targets at once; resolves with the winner, or the deciding failure. */
  private async ring(
    targets: BridgeAction["targets"],
    a: BridgeAction,
  ): Promise<{ answered: OutboundLeg } | { end: LegEnd; target: string } | { cancelled: true }> {
    const invite = this.invite;
    const from = a.callerId
      ? `<sip:${a.callerId}@${this.deps.advertised.host}>`
      : (invite.get("from") ?? "").replace(/;\s*tag=[^;]*/i, "");
    const peers = await Promise.all(targets.map((t) => resolveTarget(t.uri).catch(() => undefined)));
    if (this.over) return { cancelled: true };
    this.legEnds = [];
    const started: OutboundLeg[] = [];
    targets.forEach((t, i) => {
      const peer = peers[i];
      if (!peer) {
        this.legEnds.push({ end: { outcome: "failed", sipCode: 0 }, target: t.uri });
        return;
      }
      const leg = new OutboundLeg(
        this.deps.stack,
        {
          id: `b${this.legs.length + 1}`,
          target: t.uri,
          peer,
          ringTimeoutMs: (t.timeoutSec ?? a.ringTimeoutSec) * 1000,
          from,
          body: invite.body,
          contentType: invite.get("content-type"),
          maxForwards: invite.maxForwards ?? 70,
        },
        this.deps.advertised,
        {
          provisional: (_l, res) => this.relayProvisional(res),
          answered: (l, res) => this.legAnswered(l, res),
          failed: (l, end) => this.legFailed(l, end),
        },
      );
      this.legs.push(leg);
      started.push(leg);
      this.deps.registerLeg(leg.callId, this);
    });
    if (started.length === 0) return this.decidingFailure();
    const done = new Promise<
      { answered: OutboundLeg } | { end: LegEnd; target: string } | { cancelled: true }
    >((resolve) => {
      this.ringing = resolve;
    });
    for (const leg of started) leg.start();
    return done;
  }

  /** Of the failed legs of a group, the one the flow hears about: busy > rejected > noAnswer > failed. */
  private decidingFailure(): { end: LegEnd; target: string } {
    const rank: Record<BridgeOutcome, number> = { busy: 4, rejected: 3, noAnswer: 2, failed: 1, answered: 0 };
    let best = this.legEnds[0] ?? { end: { outcome: "failed" as BridgeOutcome, sipCode: 0 }, target: "" };
    for (const e of this.legEnds) if (rank[e.end.outcome] > rank[best.end.outcome]) best = e;
    return best;
  }

  private activeLegs(): OutboundLeg[] {
    return this.legs.filter((l) => l.state === "calling" || l.state === "proceeding");
  }

  private relayProvisional(res: SipResponse): void {
    if (this.over || this.finalSent) return;
    const out = this.make(res.status, res.reason);
    if (res.body.length > 0) {
      const ct = res.get("content-type");
      if (ct) out.add("Content-Type", ct);
      out.body = res.body;
    }
    out.add("Contact", this.contact());
    this.tx.respond(out);
  }

  private legAnswered(leg: OutboundLeg, res: SipResponse): boolean {
    if (this.winner || this.over || this.finalSent) return false;
    this.winner = leg;
    for (const other of this.activeLegs()) if (other !== leg) other.cancel();
    const ok = this.make(200, "OK");
    ok.add("Contact", this.contact());
    ok.add("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE");
    const ct = res.get("content-type");
    if (ct) ok.add("Content-Type", ct);
    ok.body = res.body;
    // From now on the caller's in-dialog requests and the ACK for the 2xx reach this call.
    this.deps.registerLeg(this.invite.callId, this);
    const d = Dialog.asUas(this.invite, this.tx.toTag);
    // A caller without Contact is reached where it came from.
    if (!d.remoteTarget) d.remoteTarget = this.invite.from.uriText ?? this.invite.uri;
    this.callerDialog = d;
    this.answeredAt = this.deps.now();
    this.final(ok);
    this.ringing?.({ answered: leg });
    this.ringing = undefined;
    return true;
  }

  private legFailed(leg: OutboundLeg, end: LegEnd): void {
    this.legEnds.push({ end, target: leg.spec.target });
    if (this.activeLegs().length === 0 && !this.winner) {
      this.ringing?.(this.decidingFailure());
      this.ringing = undefined;
    }
  }

  private contact(): string {
    return contact(this.deps.advertised, this.peer.transport);
  }

  // ---- requests from either side --------------------------------------------------------

  /** The caller's CANCEL (already answered 200 by the transaction layer): stop everything, 487. */
  cancel(): void {
    if (this.finalSent) return;
    for (const leg of this.activeLegs()) leg.cancel();
    this.finalAnswer(487, "Request Terminated");
    this.end("cancelled");
    this.ringing?.({ cancelled: true });
    this.ringing = undefined;
    this.notifyEnded("caller", 487);
  }

  /** ACK from the caller (for a 2xx): for our final answer, or for a relayed re-INVITE's 2xx. */
  callerAck(ack: SipRequest): void {
    if (this.passAck("a", ack)) return;
    if (this.finalStatus >= 200 && this.finalStatus < 300) this.settled();
  }

  /** An in-dialog request from the caller (BYE, re-INVITE, INFO, ...). */
  fromCaller(req: SipRequest, tx: ServerTransaction): void {
    const d = this.callerDialog;
    if (req.method === "BYE") {
      tx.respond(createResponse(req, 200));
      if (d && !this.over) {
        d.state = "terminated";
        this.byeWinner();
        this.end("bridged");
        this.notifyEnded("caller");
      }
      return;
    }
    const other = this.winner?.dialog;
    if (!d || !other || this.winner?.state !== "answered") {
      tx.respond(createResponse(req, 481));
      return;
    }
    if (this.refused(d, req, tx)) return;
    this.relay(req, tx, d, other, this.winner.spec.peer, "b");
  }

  /** An in-dialog request from an outbound leg's callee. */
  fromCallee(req: SipRequest, tx: ServerTransaction | null): void {
    const leg = this.legs.find((l) => l.callId === req.callId);
    if (req.method === "ACK" || !tx) {
      if (req.method === "ACK") this.passAck("b", req);
      return;
    }
    if (req.method === "BYE") {
      tx.respond(createResponse(req, 200));
      if (leg && leg === this.winner && !this.over) {
        leg.remoteEnded();
        this.byeCaller();
        this.end("bridged");
        this.notifyEnded("callee");
      }
      return;
    }
    const d = leg?.dialog;
    if (!leg || !d || leg !== this.winner || !this.callerDialog || this.over) {
      tx.respond(createResponse(req, 481));
      return;
    }
    if (this.refused(d, req, tx)) return;
    this.relay(req, tx, d, this.callerDialog, this.peer, "a");
  }

  /** §12.2.2 checks on an in-dialog request (CSeq order, re-INVITE glare); true when refused. */
  private refused(d: Dialog, req: SipRequest, tx: ServerTransaction): boolean {
    const status = d.receiveRequest(req);
    if (status === null) return false;
    const res = createResponse(req, status);
    if (status === 500) res.add("Retry-After", "1");
    tx.respond(res);
    return true;
  }

  /** An ACK for a relayed re-INVITE's 2xx: passed on with the other side's CSeq. */
  private passAck(side: "a" | "b", ack: SipRequest): boolean {
    const key = `${side}|${ack.cseq.seq}`;
    const relayed = this.relayedAcks?.get(key);
    if (!relayed) return false;
    this.relayedAcks?.delete(key);
    const { req, peer } = inDialogRequest(
      relayed.dialog,
      "ACK",
      relayed.peer,
      this.deps.advertised,
      relayed.cseq,
    );
    this.copyBody(ack, req);
    this.deps.stack.send(req, peer);
    return true;
  }

  /** Pass an in-dialog request to the other side (`to`) and its answers back on `tx`. */
  private relay(
    req: SipRequest,
    tx: ServerTransaction,
    from: Dialog,
    to: Dialog,
    toPeer: Peer,
    toSide: "a" | "b",
  ): void {
    const { req: out, peer: outPeer } = inDialogRequest(to, req.method, toPeer, this.deps.advertised);
    this.copyBody(req, out);
    const isInvite = req.method === "INVITE";
    this.hold();
    this.deps.stack.request(out, outPeer, {
      onResponse: (res) => {
        if (res.status >= 200) to.receiveResponse(out, res);
        const back = createResponse(req, res.status, { reason: res.reason });
        if (isInvite && res.status < 300) back.add("Contact", this.contact());
        this.copyBody(res, back);
        if (isInvite && res.status >= 200 && res.status < 300) {
          // The ACK for this 2xx from the side that asked is passed on with `to`'s CSeq.
          const askingSide = toSide === "b" ? "a" : "b";
          this.relayedAcks ??= new Map();
          this.relayedAcks.set(`${askingSide}|${req.cseq.seq}`, {
            dialog: to,
            cseq: out.cseq.seq,
            peer: toPeer,
          });
        }
        tx.respond(back);
        if (isInvite && res.status >= 200) from.answeredInvite();
        if (res.status >= 200) this.release();
      },
      onTimeout: () => {
        tx.respond(createResponse(req, 408));
        if (isInvite) from.answeredInvite();
        this.release();
      },
    });
  }

  private copyBody(from: SipRequest | SipResponse, to: SipRequest | SipResponse): void {
    if (from.body.length === 0) return;
    const ct = from.get("content-type");
    if (ct) to.set("Content-Type", ct);
    to.body = from.body;
  }

  /** BYE to the answered callee, keeping the call (and its trace) open until it is answered. */
  private byeWinner(): void {
    const w = this.winner;
    if (w?.state !== "answered") return;
    this.hold();
    w.bye(() => this.release());
  }

  /** BYE to the caller (after answer). */
  private byeCaller(reason?: string): void {
    const d = this.callerDialog;
    if (!d) return;
    const { req, peer } = inDialogRequest(d, "BYE", this.peer, this.deps.advertised);
    if (reason) req.add("Reason", `SIP;cause=200;text="${reason.replace(/["\\]/g, "")}"`);
    this.hold();
    this.deps.stack.request(req, peer, {
      onResponse: (res) => {
        if (res.status >= 200) this.release();
      },
      onTimeout: () => this.release(),
    });
  }

  /** Tell the flow the call ended (after a bridge or a caller's CANCEL); traced, not waited on by SIP. */
  private notifyEnded(by: "caller" | "callee" | "edge", sipCode?: number): void {
    this.hold();
    const durationSec = this.answeredAt ? Math.max(0, (this.deps.now() - this.answeredAt) / 1000) : undefined;
    void this.decide(
      this.event("call.ended", {
        by,
        ...(sipCode !== undefined ? { sipCode } : {}),
        ...(durationSec !== undefined ? { reason: `bridged ${durationSec.toFixed(1)} s` } : {}),
      }),
    ).finally(() => this.release());
  }

  /** The final SIP status the caller got (for the trace). */
  get finalStatusSent(): number {
    return this.finalStatus;
  }
}
