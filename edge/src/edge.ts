import { createServer, type Server } from "node:http";
import type { CallInfo } from "@ringflow/flow/protocol";
import type { SipRequest } from "@ringflow/sip-core";
import { Call, type CallDeps } from "./call/call.js";
import { ServerInvite } from "./call/server-invite.js";
import type { EdgeConfig } from "./config.js";
import type { DecisionPort } from "./decision/client.js";
import { Admission } from "./protect/limits.js";
import { newTag, responseTo, summary, uniqueId, userOf } from "./sip/build.js";
import { SipStack, type Traffic } from "./sip/stack.js";
import { type Peer, preciseNow } from "./sip/transport.js";
import { TraceBuilder } from "./trace/builder.js";
import type { TraceSinkPort } from "./trace/sink.js";

// The edge: one SIP stack, the calls in progress (by the caller's INVITE branch and by every
// Call-ID they own), admission control, OPTIONS, draining, and trace recording.

const ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE";
/** Headers of the caller's INVITE passed to the decision function. */
const PASSED_HEADERS = [
  "user-agent",
  "p-asserted-identity",
  "diversion",
  "history-info",
  "x-ringflow-tenant",
];

export interface EdgeStats {
  callsInProgress: number;
  callsTotal: number;
  malformed: number;
  refused: { calls_cap: number; rate_cap: number; draining: number };
  traces: ReturnType<TraceSinkPort["stats"]>;
  draining: boolean;
}

export interface EdgeDeps {
  decisions: DecisionPort;
  traces: TraceSinkPort;
}

export class Edge {
  readonly stack: SipStack;
  private readonly byBranch = new Map<string, Call>();
  private readonly byCallId = new Map<string, Call>();
  private readonly calls = new Set<Call>();
  private readonly admission: Admission;
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
    this.admission = new Admission(config.maxCalls, config.maxInviteRatePerSource);
    this.stack = new SipStack(
      {
        onRequest: (req, peer) => this.request(req, peer),
        ...(config.traces ? { onTraffic: (t: Traffic) => this.traffic(t) } : {}),
      },
      { host: config.host, port: config.port, udpBufferBytes: config.udpBufferBytes },
    );
  }

  get port(): number {
    return this.stack.transport.port;
  }

  private get advertised() {
    return {
      host: this.config.advertisedHost,
      port: this.config.port === 0 ? this.port : this.config.advertisedPort,
    };
  }

  async start(): Promise<void> {
    await this.stack.start();
    if (this.config.healthPort > 0 || this.config.healthPort === -1) await this.startHealth();
  }

  stats(): EdgeStats {
    return {
      callsInProgress: this.calls.size,
      callsTotal: this.callsTotal,
      malformed: this.stack.malformedCount,
      refused: { ...this.admission.refused, draining: this.refusedDraining },
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
    if (this.calls.size === 0) return Promise.resolve();
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

  private request(req: SipRequest, peer: Peer): void {
    const stack = this.stack;
    const branch = req.topVia?.branch ?? "";
    switch (req.method) {
      case "INVITE": {
        const known = this.byBranch.get(branch);
        if (known) {
          known.server.retransmitted();
          return;
        }
        if (req.to.tag) this.inDialog(req, peer);
        else this.invite(req, peer);
        return;
      }
      case "CANCEL": {
        const call = this.byBranch.get(branch);
        if (!call) {
          stack.respond(req, responseTo(req, 481, "Call/Transaction Does Not Exist"), peer);
          return;
        }
        stack.respond(req, responseTo(req, 200, "OK", call.server.toTag), peer);
        call.cancel();
        return;
      }
      case "ACK": {
        const call = this.byCallId.get(req.callId);
        if (!call) return;
        if (call.server.invite.callId === req.callId) call.callerAck(req);
        else call.fromCallee(req, peer);
        return;
      }
      case "OPTIONS":
        if (!req.to.tag) {
          const res = responseTo(
            req,
            this.draining ? 503 : 200,
            this.draining ? "Service Unavailable" : "OK",
            newTag(),
          );
          res.add("Allow", ALLOW);
          res.add("Accept", "application/sdp");
          if (this.draining) res.add("Retry-After", String(this.config.retryAfterSec));
          stack.respond(req, res, peer);
          return;
        }
        this.inDialog(req, peer);
        return;
      default:
        this.inDialog(req, peer);
    }
  }

  private inDialog(req: SipRequest, peer: Peer): void {
    const call = this.byCallId.get(req.callId);
    if (!call) {
      if (req.method === "ACK") return;
      const out = req.to.tag
        ? responseTo(req, 481, "Call/Transaction Does Not Exist")
        : responseTo(req, 405, "Method Not Allowed", newTag());
      if (!req.to.tag) out.add("Allow", ALLOW);
      this.stack.respond(req, out, peer);
      return;
    }
    if (call.server.invite.callId === req.callId) call.fromCaller(req, peer);
    else call.fromCallee(req, peer);
  }

  private invite(req: SipRequest, peer: Peer): void {
    const stack = this.stack;
    const refuse = (status: number, reason: string): void => {
      const res = responseTo(req, status, reason, newTag());
      res.add("Retry-After", String(this.config.retryAfterSec));
      // Stateless: a retransmitted INVITE gets the same answer again, nothing is kept.
      stack.send(res, peer);
    };
    if (this.draining) {
      this.refusedDraining++;
      refuse(503, "Service Unavailable");
      return;
    }
    if (this.admission.admit(peer.host, this.calls.size) !== undefined) {
      refuse(503, "Service Unavailable");
      return;
    }
    const server = new ServerInvite(stack, req, peer, newTag());
    const now = preciseNow();
    const headers: Record<string, string> = {};
    for (const h of PASSED_HEADERS) {
      const v = req.get(h);
      if (v !== undefined) headers[h] = v.slice(0, 512);
    }
    const id = `c-${uniqueId()}`;
    const info: CallInfo = {
      id,
      from: (req.get("from") ?? "").slice(0, 512),
      to: (req.get("to") ?? "").slice(0, 512),
      requestUri: req.uri.slice(0, 512),
      sourceIp: peer.host,
      receivedAt: new Date(now).toISOString(),
      headers,
    };
    const number = userOf(req.uri) ?? userOf(info.to);
    const trace = this.config.traces ? new TraceBuilder(id, info.from, info.to, number, now) : undefined;
    const branch = req.topVia?.branch ?? "";
    const call = new Call(id, server, info, number, trace, this.callDeps);
    this.byBranch.set(branch, call);
    this.byCallId.set(req.callId, call);
    this.calls.add(call);
    this.callsTotal++;
    // The INVITE was tapped before its call existed.
    if (trace && this.lastIn?.msg === req) trace.addSip(this.record(this.lastIn, "a"));
    this.lastIn = undefined;
    // 100 Trying at once, i.e. in this turn of the event loop: skipped only when the final
    // answer already went out in the same turn (a decision held in memory), when a 100 would
    // only cost a datagram.
    void call.run();
    setImmediate(() => {
      if (!server.finalSent && !call.over) server.send(responseTo(req, 100, "Trying"));
    });
  }

  /** What every call gets from the edge (one object, shared: no per-call closures). */
  private get callDeps(): CallDeps {
    this.sharedDeps ??= {
      stack: this.stack,
      decisions: this.deps.decisions,
      advertised: this.advertised,
      fallbackFor: (n) => (n === undefined ? undefined : this.config.fallbacks[n]),
      retryAfterSec: this.config.retryAfterSec,
      registerLeg: (callId, c) => this.byCallId.set(callId, c),
      finished: (c) => this.finished(c),
      now: preciseNow,
    };
    return this.sharedDeps;
  }
  private sharedDeps: CallDeps | undefined;

  private finished(call: Call): void {
    this.byBranch.delete(call.server.invite.topVia?.branch ?? "");
    this.byCallId.delete(call.server.invite.callId);
    for (const id of call.legCallIds) this.byCallId.delete(id);
    this.calls.delete(call);
    if (call.trace) {
      this.deps.traces.record(
        call.trace.finish(call.outcome ?? "failed", call.finalStatusSent, call.endedAt || preciseNow()),
      );
    }
    if (this.draining && this.calls.size === 0) this.drained?.();
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
    const leg = call.server.invite.callId === callId ? "a" : call.legIdOf(callId);
    call.trace.addSip(this.record(t, leg));
  }
}
