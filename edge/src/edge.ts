import { createServer, type Server } from "node:http";
import { type CallInfo, e164Of, userOf } from "@ringflow/flow/protocol";
import {
  ChurnMap,
  type Clock,
  createResponse,
  type HeaderField,
  type Remote,
  type ServerTransaction,
  type SipRequest,
  type Transport,
} from "@ringflow/sip-core";
import { Call, type CallDeps } from "./call/call.js";
import { type ActionExecutor, noMedia } from "./call/executor.js";
import type { EdgeConfig } from "./config.js";
import type { DecisionPort } from "./decision/client.js";
import { isoTime } from "./iso-time.js";
import { type Logger, silentLogger } from "./log.js";
import { Admission } from "./protect/limits.js";
import { guardResolve, ownAddresses } from "./protect/targets.js";
import { isLooped, TenantGuard } from "./protect/tenants.js";
import { summary, uniqueId } from "./sip/build.js";
import type { Advertised } from "./sip/dialog.js";
import { SipStack } from "./sip/stack.js";
import { resolveTarget } from "./sip/target.js";
import { type Peer, preciseNow, type Traffic } from "./sip/transport.js";
import { TraceBuilder } from "./trace/builder.js";
import type { TraceSinkPort } from "./trace/sink.js";

// The edge: one SIP stack (sip-core's transaction layer), the calls in progress (by every
// Call-ID they own), admission control, OPTIONS, draining, and trace recording.

const ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE";
const RESOLVED = Promise.resolve();

/** Headers of the caller's INVITE passed to the decision function. */
const PASSED_HEADERS = new Set([
  "user-agent",
  "p-asserted-identity",
  "diversion",
  "history-info",
  "x-ringflow-tenant",
]);

export interface EdgeStats {
  callsInProgress: number;
  callsTotal: number;
  malformed: number;
  refused: {
    calls_cap: number;
    rate_cap: number;
    draining: number;
    loop: number;
    tenant_calls: number;
    tenant_legs: number;
    call_legs: number;
  };
  traces: ReturnType<TraceSinkPort["stats"]>;
  draining: boolean;
}

export interface EdgeDeps {
  decisions: DecisionPort;
  traces: TraceSinkPort;
  /** Runs the actions the call layer does not (media); default: reported as media_unsupported. */
  executor?: ActionExecutor;
  /** pino logger: a line per call end at info, refusals at debug (default: silent). */
  log?: Logger;
  /**
   * Sans-I/O: run on these transports and this clock instead of binding sockets (tests use
   * `@ringflow/sip-core/testing`), resolve bridge targets with `resolve`, read wall time from `now`.
   */
  sip?: {
    transports: Transport[];
    clock: Clock;
    resolve?: (uri: string) => Promise<Peer>;
    now?: () => number;
  };
}

export class Edge {
  readonly stack: SipStack;
  /**
   * Calls by every Call-ID they own: the caller's once it matters (an answered call's
   * in-dialog requests and 2xx ACK, or a traced call's traffic), and each outbound leg's.
   * A redirected or refused call never enters it (its ACK is the transaction's).
   */
  private readonly byCallId = new ChurnMap<Call>();
  /** Calls in progress (each finishes exactly once). */
  private callCount = 0;
  private readonly admission: Admission;
  private readonly guard: TenantGuard;
  private refusedLoops = 0;
  private draining = false;
  private drained: (() => void) | undefined;
  private callsTotal = 0;
  private refusedDraining = 0;
  private health: Server | undefined;
  healthPort = 0;

  constructor(
    readonly config: EdgeConfig,
    private readonly deps: EdgeDeps,
  ) {
    const clock = deps.sip?.clock;
    this.admission = new Admission(
      config.maxCalls,
      config.maxInviteRatePerSource,
      clock ? () => clock.now() : undefined,
    );
    this.guard = new TenantGuard(config);
    this.stack = new SipStack(
      {
        onRequest: (req, tx, from) => this.request(req, tx, from),
        ...(config.traces ? { onTraffic: (t: Traffic) => this.traffic(t) } : {}),
      },
      {
        host: config.host,
        port: config.port,
        tcpPort: config.tcpPort,
        udpBufferBytes: config.udpBufferBytes,
        ...(deps.sip ? { transports: deps.sip.transports, clock: deps.sip.clock } : {}),
        // Every leg's address is checked after DNS (protect/targets.ts).
        resolve: guardResolve(
          deps.sip?.resolve ?? resolveTarget,
          {
            allowInternal: config.allowInternalTargets ?? config.platform !== "aws",
            own: () => this.ownAddresses(),
          },
          (uri, e) => this.log.warn({ target: uri, why: e.why }, "bridge target refused"),
        ),
      },
    );
    this.now = deps.sip?.now ?? preciseNow;
    this.log = deps.log ?? silentLogger;
    this.logCalls = this.log.isLevelEnabled("info");
    this.logDebug = this.log.isLevelEnabled("debug");
    this.trusted = new Set(config.trustedProxies);
    for (const [n, uri] of Object.entries(config.fallbacks)) this.fallbacks.set(e164Of(`tel:${n}`) ?? n, uri);
  }

  private readonly trusted: Set<string>;
  private readonly log: Logger;
  /** Levels checked once: a silent edge builds no log objects per call. */
  private readonly logCalls: boolean;
  private readonly logDebug: boolean;

  /** Configured fallbacks by the number as calls name it (`15550100` and `+15550100` alike). */
  private readonly fallbacks = new Map<string, string>();

  /** Wall-clock ms (preciseNow, or the test's clock). */
  private readonly now: () => number;

  get port(): number {
    return this.stack.port;
  }

  private own: { port: number; list: ReturnType<typeof ownAddresses> } | undefined;
  /** Where a leg must never go (a loop): our listening and advertised addresses, once bound. */
  private ownAddresses(): ReturnType<typeof ownAddresses> {
    if (this.own?.port !== this.port) {
      const adv = this.advertised;
      const list = ownAddresses({ host: this.config.host, port: this.port }, adv);
      if (this.config.tcpPort) {
        list.push(
          ...ownAddresses(
            { host: this.config.host, port: this.config.tcpPort },
            { host: adv.host, port: adv.tcpPort ?? this.config.tcpPort },
          ),
        );
      }
      this.own = { port: this.port, list };
    }
    return this.own.list;
  }

  /** The extra TCP port (`--tcp-port`), 0 when none. */
  get tcpPort(): number {
    return this.config.tcpPort;
  }

  /**
   * What goes into our Via and Contact. TCP gets the extra TCP port when there is one (on AWS
   * the task's public IP + 5062, reachable from carriers' signalling CIDRs; docs/deploy.md).
   */
  private get advertised(): Advertised {
    const port = this.config.port === 0 ? this.port : this.config.advertisedPort;
    return this.config.tcpPort
      ? { host: this.config.advertisedHost, port, tcpPort: this.config.advertisedTcpPort }
      : { host: this.config.advertisedHost, port };
  }

  async start(): Promise<void> {
    await this.stack.start();
    if (this.config.healthPort > 0 || this.config.healthPort === -1) await this.startHealth();
  }

  stats(): EdgeStats {
    return {
      callsInProgress: this.callCount,
      callsTotal: this.callsTotal,
      malformed: this.stack.malformedCount,
      refused: {
        ...this.admission.refused,
        draining: this.refusedDraining,
        loop: this.refusedLoops,
        ...this.guard.refused,
      },
      traces: this.deps.traces.stats(),
      draining: this.draining,
    };
  }

  /** GET /health: 200 with stats while serving, 503 while draining. */
  private async startHealth(): Promise<void> {
    const srv = createServer((req, res) => {
      const body = JSON.stringify({ ok: !this.draining, sip: this.port, ...this.stats() });
      res.writeHead(req.url === "/health" && !this.draining ? 200 : this.draining ? 503 : 404, {
        "content-type": "application/json",
      });
      res.end(body);
    });
    const port = this.config.healthPort === -1 ? 0 : this.config.healthPort;
    await new Promise<void>((resolve) => srv.listen(port, this.config.host, () => resolve()));
    const a = srv.address();
    this.healthPort = typeof a === "object" && a ? a.port : 0;
    this.health = srv;
  }

  /** Stop taking calls (503), resolve once the calls in progress have finished (or after the limit). */
  drain(timeoutMs = this.config.drainTimeoutMs): Promise<void> {
    this.draining = true;
    if (this.callCount === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.drained = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  async close(): Promise<void> {
    await this.stack.close();
    await new Promise<void>((r) => (this.health ? this.health.close(() => r()) : r()));
    await this.deps.traces.close();
  }

  // ---- dispatch ----------------------------------------------------------------------------

  /** A new request with its server transaction (CANCEL and retransmissions stay in the layer). */
  private request(req: SipRequest, tx: ServerTransaction | null, from: Remote): void {
    if (!tx) {
      // ACK for a 2xx (ours, or a relayed re-INVITE's), or one matching nothing
      const call = this.byCallId.get(req.callId);
      if (!call) return;
      if (call.invite.callId === req.callId) call.callerAck(req);
      else call.fromCallee(req, null);
      return;
    }
    if (req.to.tag) {
      this.inDialog(req, tx);
      return;
    }
    if (req.method === "INVITE") {
      this.invite(req, tx, from);
      return;
    }
    // Out of dialog: OPTIONS (health checks) is answered, anything else but INVITE is not ours.
    const options = req.method === "OPTIONS";
    const status = !options ? 405 : this.draining ? 503 : 200;
    const res = createResponse(req, status, { toTag: tx.toTag });
    res.add("Allow", ALLOW);
    if (options) res.add("Accept", "application/sdp");
    if (status === 503) res.add("Retry-After", String(this.config.retryAfterSec));
    tx.respond(res);
  }

  /**
   * A request with a To tag goes to the call that owns its Call-ID, which matches the tags
   * against its dialogs (the full dialog id, §12.2.2); 481 when nothing matches.
   */
  private inDialog(req: SipRequest, tx: ServerTransaction): void {
    const call = this.byCallId.get(req.callId);
    if (!call) {
      tx.respond(createResponse(req, 481));
      return;
    }
    if (call.invite.callId === req.callId) call.fromCaller(req, tx);
    else call.fromCallee(req, tx);
  }

  /**
   * §8.2.2.2: an INVITE without To tag whose Call-ID, From tag and CSeq match a call in
   * progress, on another branch, is a copy that reached us by another path (a forking proxy):
   * 482. An INVITE with one of our own legs' Call-IDs came back to us: a loop, 482 as well.
   * Calls are indexed by Call-ID once their answer takes a turn (edge.ts `sendTrying`), so a
   * copy can only ring twice if it comes in the same turn as the first.
   */
  private merged(req: SipRequest): boolean {
    const other = this.byCallId.get(req.callId);
    if (other === undefined) return false;
    if (other.invite.callId !== req.callId) return true;
    return other.invite.from.tag === req.from.tag && other.invite.cseq.seq === req.cseq.seq;
  }

  /**
   * Whose INVITE rate a request counts against: its source address, unless that is a trusted
   * proxy, whose calls all share one address; then the caller it carries (the configured
   * header, else the Via below the proxy's: its `received` address, else its host).
   */
  private rateKey(req: SipRequest, peer: Remote): string {
    if (this.trusted.size === 0 || !this.trusted.has(peer.address)) return peer.address;
    const header = this.config.callerHeader;
    const carried = header ? req.get(header)?.trim() : undefined;
    if (carried) return carried.slice(0, 64);
    const v = req.via[1];
    return v ? (v.received ?? v.host) : peer.address;
  }

  /** 503 + Retry-After; the transaction absorbs retransmissions and the ACK, nothing else is kept. */
  private refuse(req: SipRequest, tx: ServerTransaction): void {
    tx.respond(
      createResponse(req, 503, {
        toTag: tx.toTag,
        headers: [["Retry-After", String(this.config.retryAfterSec)]],
      }),
    );
  }

  private invite(req: SipRequest, tx: ServerTransaction, peer: Remote): void {
    // One of our own outbound legs came back: never let a call fan out through us again.
    if (isLooped((n) => req.get(n))) {
      this.refusedLoops++;
      tx.respond(createResponse(req, 482, { toTag: tx.toTag }));
      return;
    }
    if (this.byCallId.size > 0 && this.merged(req)) {
      if (this.logDebug)
        this.log.debug({ sipCallId: req.callId, source: peer.address }, "merged or looped INVITE: 482");
      tx.respond(createResponse(req, 482, { toTag: tx.toTag }));
      return;
    }
    if (this.draining) {
      this.refusedDraining++;
      this.refuse(req, tx);
      return;
    }
    const refusal = this.admission.admit(this.rateKey(req, peer), this.callCount);
    if (refusal !== undefined) {
      if (this.logDebug) this.log.debug({ refusal, source: peer.address }, "INVITE refused: 503");
      this.refuse(req, tx);
      return;
    }
    const now = this.now();
    const headers: Record<string, string> = {};
    // One pass over the header lines; most INVITEs carry none or one of these.
    const lines = req.headers;
    for (let i = 0; i < lines.length; i++) {
      const name = (lines[i] as HeaderField).name;
      if (PASSED_HEADERS.has(name) && headers[name] === undefined) {
        const v = req.get(name);
        if (v !== undefined) headers[name] = v.slice(0, 512);
      }
    }
    const id = `c-${uniqueId()}`;
    const info: CallInfo = {
      id,
      from: (req.get("from") ?? "").slice(0, 512),
      to: (req.get("to") ?? "").slice(0, 512),
      requestUri: req.uri.slice(0, 512),
      sourceIp: peer.address,
      receivedAt: isoTime(now),
      headers,
    };
    // The called number, read as the decision function reads it (E.164 when it is one).
    const number = e164Of(req.uri) ?? e164Of(info.to) ?? userOf(req.uri) ?? userOf(info.to);
    const trace = this.config.traces ? new TraceBuilder(id, info.from, info.to, number, now) : undefined;
    const call = new Call(id, tx, info, number, trace, this.callDeps);
    if (trace) this.index(req.callId, call);
    this.callCount++;
    this.callsTotal++;
    // The INVITE was tapped before its call existed.
    if (trace && this.lastIn?.msg === req) trace.addSip(this.record(this.lastIn, "a"));
    this.lastIn = undefined;
    // 100 Trying at once, i.e. in this turn of the event loop: skipped only when the final
    // answer already went out in the same turn (a decision held in memory), when a 100 would
    // only cost a datagram. The check runs in a tick queued from a microtask, i.e. right after
    // every promise job of this turn (the answer's among them) has run: cheaper than an
    // immediate, and one serves every INVITE of the turn.
    call.run();
    if (this.tryingDue.push(call) === 1) RESOLVED.then(this.afterMicrotasks);
  }

  private readonly tryingDue: Call[] = [];
  private readonly afterMicrotasks = (): void => {
    process.nextTick(this.sendTrying);
  };
  private readonly sendTrying = (): void => {
    const due = this.tryingDue;
    for (let i = 0; i < due.length; i++) {
      const call = due[i] as Call;
      call.trying();
      // Still waiting for its answer: index it, so a merged copy of its INVITE gets 482.
      if (!call.indexed && !call.finalSent && !call.over) this.index(call.invite.callId, call);
    }
    due.length = 0;
  };

  /** What every call gets from the edge (one object, shared: no per-call closures). */
  private get callDeps(): CallDeps {
    this.sharedDeps ??= {
      sip: this.stack,
      decisions: this.deps.decisions,
      executor: this.deps.executor ?? noMedia,
      advertised: this.advertised,
      fallbackFor: (n) => (n === undefined ? undefined : this.fallbacks.get(n)),
      retryAfterSec: this.config.retryAfterSec,
      index: (callId, c) => this.index(callId, c as Call),
      finished: (c) => this.finished(c as Call),
      now: this.now,
      guard: this.guard,
    };
    return this.sharedDeps;
  }
  private sharedDeps: CallDeps | undefined;

  /** Calls that get in-dialog requests (or trace their ACK) are found by Call-ID. */
  private index(callId: string, call: Call): void {
    call.indexed = true;
    this.byCallId.set(callId, call);
  }

  private unindex(callId: string, call: Call): void {
    if (this.byCallId.get(callId) === call) this.byCallId.delete(callId);
  }

  private finished(call: Call): void {
    // A redirected call without a trace was never indexed: no lookup in a big table for it.
    if (call.indexed) {
      this.unindex(call.invite.callId, call);
      for (const id of call.legCallIds) this.unindex(id, call);
    }
    this.callCount--;
    this.guard.release(call);
    if (this.logCalls) {
      this.log.info(
        {
          call: call.id,
          number: call.number,
          outcome: call.outcome ?? "failed",
          status: call.finalStatusSent,
          ms: Math.round((call.endedAt || this.now()) - call.startedAt),
          ...(call.fallbackReason ? { fallbackReason: call.fallbackReason } : {}),
          ...(call.legCount > 0 ? { legs: call.legCount } : {}),
        },
        "call ended",
      );
    }
    if (call.trace) {
      this.deps.traces.record(
        call.trace.finish(call.outcome ?? "failed", call.finalStatusSent, call.endedAt || this.now()),
      );
    }
    if (this.draining && this.callCount === 0) this.drained?.();
  }

  /** The last inbound message seen by the tap, for an INVITE whose call is created after it. */
  private lastIn: Traffic | undefined;

  private record({ msg, tap }: Traffic, leg: string) {
    return {
      at: tap.at,
      dir: tap.dir,
      transport: tap.transport,
      local: tap.local,
      remote: tap.remote,
      leg,
      summary: summary(msg).slice(0, 200),
      raw: tap.bytes.toString("latin1"),
    };
  }

  private traffic(t: Traffic): void {
    let callId: string;
    try {
      callId = t.msg.callId;
    } catch {
      return;
    }
    const call = this.byCallId.get(callId);
    if (!call) {
      if (t.tap.dir === "in") this.lastIn = t;
      return;
    }
    if (!call.trace) return;
    const leg = call.invite.callId === callId ? "a" : call.legIdOf(callId);
    call.trace.addSip(this.record(t, leg));
  }
}
