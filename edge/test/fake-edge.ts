import type { DecisionAnswer, DecisionEvent } from "@ringflow/flow/protocol";
import {
  parseMessage,
  type Remote,
  type SipMessage,
  SipParseError,
  type SipRequest,
} from "@ringflow/sip-core";
import { FakeClock, FakeTransport, type Sent } from "@ringflow/sip-core/testing";
import type { ActionExecutor } from "../src/call/executor.js";
import { loadConfig } from "../src/config.js";
import type { DecisionPort, DecisionResult } from "../src/decision/client.js";
import { Edge } from "../src/edge.js";
import type { Logger } from "../src/log.js";
import type { Peer } from "../src/sip/transport.js";
import { MemoryTraceSink } from "../src/trace/sink.js";

// The whole edge sans I/O: its real transaction layer and call layer over sip-core's fake
// transports and clock, a scripted decision function, and bridge targets resolved from a
// table. A test injects SIP text as if it arrived from an address, reads what the edge sent,
// and moves time with `clock.advance`: whole calls run in milliseconds, without sockets or sleeps.

export const EDGE: Remote = { address: "192.0.2.10", port: 5060, transport: "udp" };

/** The decision function's answer to an event: its actions, or "error" (it failed). */
export type Plan = (e: DecisionEvent) => DecisionAnswer["actions"] | "error";

export interface FakeEdge {
  edge: Edge;
  clock: FakeClock;
  udp: FakeTransport;
  tcp: FakeTransport;
  /** Every event the decision function was asked. */
  events: DecisionEvent[];
  /** Deliver SIP text (LF line ends are fine) from `from` over its transport. */
  inject(text: string, from: Remote): void;
  /** Let promise jobs (decisions, resolution) run: no time passes on the clock. */
  settle(): Promise<void>;
  /** Messages sent since the last call, both transports, in order (`to.transport` says which). */
  take(): Sent[];
  close(): Promise<void>;
}

export async function fakeEdge(
  plan: Plan,
  opts: {
    targets?: Record<string, Peer>;
    executor?: ActionExecutor;
    args?: string[];
    /** The tenant each answer names (as the decision function's trace does); none by default. */
    tenantOf?: (e: DecisionEvent) => string;
    log?: Logger;
    /** A real decision function instead of the plan (the plan is then unused). */
    decisions?: DecisionPort;
  } = {},
): Promise<FakeEdge> {
  const clock = new FakeClock();
  const udp = new FakeTransport("udp", clock, { address: EDGE.address, port: EDGE.port });
  const tcp = new FakeTransport("tcp", clock, { address: EDGE.address, port: EDGE.port });
  const events: DecisionEvent[] = [];
  const config = loadConfig({}, [
    "--listen",
    `${EDGE.address}:${EDGE.port}`,
    "--advertise",
    `${EDGE.address}:${EDGE.port}`,
    "--no-protection",
    "--traces",
    "off",
    ...(opts.args ?? []),
  ]);
  const decide = (e: DecisionEvent): Promise<DecisionResult> => {
    events.push(e);
    const actions = plan(e);
    if (actions === "error")
      return Promise.resolve({ ok: false, error: "error", detail: "planned", latencyMs: 0 });
    return Promise.resolve({
      ok: true,
      latencyMs: 0,
      answer: {
        actions,
        state: `s${events.length}`,
        ...(opts.tenantOf ? { trace: { tenantId: opts.tenantOf(e), path: [] } } : {}),
      },
    });
  };
  const edge = new Edge(config, {
    decisions: opts.decisions ?? { decide },
    traces: new MemoryTraceSink(false),
    ...(opts.executor ? { executor: opts.executor } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    sip: {
      transports: [udp, tcp],
      clock,
      now: () => 1_800_000_000_000 + clock.now(),
      resolve: (uri) => {
        const host = /@([^;>]+)/.exec(uri)?.[1] ?? uri;
        const p = opts.targets?.[host];
        return p ? Promise.resolve(p) : Promise.reject(new Error(`no target ${host}`));
      },
    },
  });
  await edge.start();
  let cursor = 0;
  // Both transports' sends in the order they happened, each with the transport it took.
  const ordered: Sent[] = [];
  const record = (t: FakeTransport, transport: "udp" | "tcp") => {
    const send = t.send.bind(t);
    t.send = (msg, to, onError) => {
      const before = t.sent.length;
      send(msg, to, onError);
      const s = t.sent[before];
      if (s) ordered.push({ ...s, to: { ...s.to, transport } });
    };
  };
  record(udp, "udp");
  record(tcp, "tcp");
  return {
    edge,
    clock,
    udp,
    tcp,
    events,
    inject(text, from) {
      (from.transport === "tcp" ? tcp : udp).inject(text, from);
    },
    async settle() {
      for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
    },
    take() {
      const out = ordered.slice(cursor);
      cursor = ordered.length;
      return out;
    },
    close: () => edge.close(),
  };
}

/** "INVITE" or "200": what a sent message is. */
export const label = (m: SipMessage): string => (m.isRequest ? m.method : String(m.status));

/** Parse SIP text the way the edge would (for building replies from what it sent). */
export function parse(text: string): SipMessage {
  const m = parseMessage(Buffer.from(text.replace(/\r?\n/g, "\r\n")));
  if (m instanceof SipParseError) throw m;
  return m;
}

const SDP = "v=0\no=- 1 1 IN IP4 10.0.0.5\ns=-\nc=IN IP4 10.0.0.5\nt=0 0\nm=audio 4000 RTP/AVP 0\n";
export const sdp = (host = "10.0.0.5"): string => SDP.replaceAll("10.0.0.5", host);

/** Text of a request from a caller (no To tag unless given). */
export function request(o: {
  method?: string;
  uri?: string;
  callId: string;
  fromTag?: string;
  toTag?: string;
  cseq?: number;
  branch: string;
  via: string;
  transport?: "UDP" | "TCP";
  contact?: string;
  body?: string;
  extra?: string[];
}): string {
  const method = o.method ?? "INVITE";
  const body = o.body ?? "";
  return [
    `${method} ${o.uri ?? "sip:+15550001000@192.0.2.10"} SIP/2.0`,
    `Via: SIP/2.0/${o.transport ?? "UDP"} ${o.via};branch=${o.branch};rport`,
    "Max-Forwards: 70",
    `From: <sip:alice@example.com>;tag=${o.fromTag ?? "caller1"}`,
    `To: <sip:+15550001000@example.com>${o.toTag ? `;tag=${o.toTag}` : ""}`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${o.cseq ?? 1} ${method === "ACK" ? "INVITE" : method}`,
    ...(o.contact ? [`Contact: <${o.contact}>`] : []),
    ...(o.extra ?? []),
    ...(body ? ["Content-Type: application/sdp"] : []),
    `Content-Length: ${Buffer.byteLength(body.replace(/\r?\n/g, "\r\n"))}`,
    "",
    body,
  ].join("\n");
}

/** A response from a callee to a request the edge sent (its Via, From, Call-ID, CSeq; our To tag). */
export function reply(
  req: SipRequest,
  status: number,
  o: { toTag?: string; contact?: string; body?: string; reason?: string } = {},
): string {
  const body = o.body ?? "";
  const to = req.get("to") ?? "";
  return [
    `SIP/2.0 ${status} ${o.reason ?? (status === 200 ? "OK" : status === 180 ? "Ringing" : "Status")}`,
    ...req.getAll("via").map((v) => `Via: ${v}`),
    `From: ${req.get("from")}`,
    `To: ${o.toTag && !/;tag=/.test(to) ? `${to};tag=${o.toTag}` : to}`,
    `Call-ID: ${req.callId}`,
    `CSeq: ${req.cseq.seq} ${req.cseq.method}`,
    ...(o.contact ? [`Contact: <${o.contact}>`] : []),
    ...(body ? ["Content-Type: application/sdp"] : []),
    `Content-Length: ${Buffer.byteLength(body.replace(/\r?\n/g, "\r\n"))}`,
    "",
    body,
  ].join("\n");
}
