import type { Action, BridgeOutcome } from "@ringflow/flow/protocol";
import type { SipResponse } from "@ringflow/sip-core";
import type { Advertised } from "../sip/dialog.js";
import type { Peer } from "../sip/transport.js";
import { type LegEnd, type LegEvents, OutboundLeg } from "./leg.js";
import type { SipPort } from "./port.js";

// A bridge action: ring its targets (one group at a time when sequential, all at once when
// simultaneous), relay their progress, and settle on the first answer (every other leg is
// cancelled) or on the group's deciding failure. Allocated per bridge action only: a redirected
// call never builds one.

export type BridgeAction = Extract<Action, { type: "bridge" }>;

/** What a bridge needs from its call. */
export interface BridgeHost {
  readonly sip: SipPort;
  readonly advertised: Advertised;
  /** Before a leg starts: within the call's leg budget and its tenant's cap (protect/tenants.ts). */
  admitLeg(): boolean;
  /** A leg exists: in-dialog requests for its Call-ID must reach this call. */
  legStarted(leg: OutboundLeg): void;
  /** A 18x from a leg while nothing answered. */
  provisional(leg: OutboundLeg, res: SipResponse): void;
  /** A leg answered first: connect it to the caller. False when the call no longer wants it. */
  connect(leg: OutboundLeg, res: SipResponse): boolean;
  /** The call ended (or was answered elsewhere) while ringing: stop. */
  readonly over: boolean;
}

/** What the call offers its legs: the SDP and the From they present. */
export interface LegOffer {
  from: string;
  body: Buffer;
  contentType: string | undefined;
  maxForwards: number;
}

export type BridgeResult =
  | { kind: "answered"; leg: OutboundLeg }
  | { kind: "failed"; end: LegEnd; target: string }
  | { kind: "stopped" };

const RANK: Record<BridgeOutcome, number> = { busy: 4, rejected: 3, noAnswer: 2, failed: 1, answered: 0 };

export class Bridge implements LegEvents {
  readonly legs: OutboundLeg[] = [];
  winner: OutboundLeg | undefined;
  private ends: Array<{ end: LegEnd; target: string }> = [];
  private settle: ((r: BridgeResult) => void) | undefined;

  constructor(
    private readonly host: BridgeHost,
    private readonly action: BridgeAction,
    private readonly offer: LegOffer,
    /** Legs of earlier bridges of this call count on: "b1", "b2", ... name them in traces. */
    private readonly firstIndex: number,
  ) {}

  /** Ring group after group until one answers, the call stops it, or all have failed. */
  async run(): Promise<BridgeResult> {
    const a = this.action;
    const groups = a.strategy === "simultaneous" ? [a.targets] : a.targets.map((t) => [t]);
    let last: BridgeResult = { kind: "failed", end: { outcome: "failed", sipCode: 0 }, target: "" };
    for (const group of groups) {
      const r = await this.ring(group);
      if (r.kind !== "failed" || this.host.over) return r.kind === "failed" ? { kind: "stopped" } : r;
      last = r;
    }
    return last;
  }

  private async ring(targets: BridgeAction["targets"]): Promise<BridgeResult> {
    const peers = await Promise.all(
      targets.map((t) =>
        this.host.sip.resolve(t.uri).then(
          (p) => p,
          () => undefined,
        ),
      ),
    );
    if (this.host.over) return { kind: "stopped" };
    this.ends = [];
    const started: OutboundLeg[] = [];
    targets.forEach((t, i) => {
      const peer: Peer | undefined = peers[i];
      if (!peer) {
        this.ends.push({ end: { outcome: "failed", sipCode: 0 }, target: t.uri });
        return;
      }
      if (!this.host.admitLeg()) {
        this.ends.push({ end: { outcome: "failed", sipCode: 403 }, target: t.uri });
        return;
      }
      const leg = new OutboundLeg(
        this.host.sip,
        {
          id: `b${this.firstIndex + this.legs.length + 1}`,
          target: t.uri,
          peer,
          transportFixed: /;\s*transport=/i.test(t.uri),
          ringTimeoutMs: (t.timeoutSec ?? this.action.ringTimeoutSec) * 1000,
          ...this.offer,
        },
        this.host.advertised,
        this,
      );
      this.legs.push(leg);
      started.push(leg);
      this.host.legStarted(leg);
    });
    if (started.length === 0) return this.decidingFailure();
    const done = new Promise<BridgeResult>((resolve) => {
      this.settle = resolve;
    });
    for (const leg of started) leg.start();
    return done;
  }

  /** Of the failed legs of a group, the one the flow hears about: busy > rejected > noAnswer > failed. */
  private decidingFailure(): BridgeResult {
    let best = this.ends[0] ?? { end: { outcome: "failed" as BridgeOutcome, sipCode: 0 }, target: "" };
    for (const e of this.ends) if (RANK[e.end.outcome] > RANK[best.end.outcome]) best = e;
    return { kind: "failed", end: best.end, target: best.target };
  }

  private ringingLegs(): OutboundLeg[] {
    return this.legs.filter((l) => l.state === "calling" || l.state === "proceeding");
  }

  private finish(r: BridgeResult): void {
    const s = this.settle;
    this.settle = undefined;
    s?.(r);
  }

  /** Stop ringing (the caller cancelled, the call ended): every ringing leg gets CANCEL. */
  stop(): void {
    for (const leg of this.ringingLegs()) leg.cancel();
    this.finish({ kind: "stopped" });
  }

  // ---- LegEvents ---------------------------------------------------------------------------

  provisional(leg: OutboundLeg, res: SipResponse): void {
    if (!this.winner && !this.host.over) this.host.provisional(leg, res);
  }

  answered(leg: OutboundLeg, res: SipResponse): boolean {
    if (this.winner || this.host.over || !this.settle) return false;
    if (!this.host.connect(leg, res)) return false;
    this.winner = leg;
    for (const other of this.ringingLegs()) if (other !== leg) other.cancel();
    this.finish({ kind: "answered", leg });
    return true;
  }

  failed(leg: OutboundLeg, end: LegEnd): void {
    this.ends.push({ end, target: leg.spec.target });
    if (this.ringingLegs().length === 0 && !this.winner) this.finish(this.decidingFailure());
  }
}
