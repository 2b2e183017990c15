import type { CallTrace, TraceSipMessage } from "../protocol/trace.js";

// A bridged call as the edge would record it: caller 127.0.0.1:5070, edge 127.0.0.1:5060,
// callee 127.0.0.1:5080.

const CALLER = "127.0.0.1:5070";
const EDGE = "127.0.0.1:5060";
const CALLEE = "127.0.0.1:5080";
const SDP =
  "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";

function request(method: string, uri: string, cseq: number, body = "", callId = "a1"): string {
  const head = [
    `${method} ${uri} SIP/2.0`,
    "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1",
    "From: <sip:alice@127.0.0.1>;tag=1",
    "To: <sip:bob@127.0.0.1>",
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
    "Max-Forwards: 70",
    ...(body ? ["Content-Type: application/sdp"] : []),
    `Content-Length: ${body.length}`,
  ];
  return `${head.join("\r\n")}\r\n\r\n${body}`;
}

function response(
  code: number,
  reason: string,
  method: string,
  cseq: number,
  body = "",
  callId = "a1",
): string {
  const head = [
    `SIP/2.0 ${code} ${reason}`,
    "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1",
    "From: <sip:alice@127.0.0.1>;tag=1",
    "To: <sip:bob@127.0.0.1>;tag=2",
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
    ...(body ? ["Content-Type: application/sdp"] : []),
    `Content-Length: ${body.length}`,
  ];
  return `${head.join("\r\n")}\r\n\r\n${body}`;
}

type Spec = [dir: "in" | "out", remote: string, leg: string, summary: string, raw: string];

export function bridgedTrace(transport: "udp" | "tcp" = "udp"): CallTrace {
  const t0 = 1_764_000_000_000.25;
  const specs: Spec[] = [
    ["in", CALLER, "a", "INVITE", request("INVITE", "sip:bob@127.0.0.1:5060", 1, SDP)],
    ["out", CALLER, "a", "100 Trying", response(100, "Trying", "INVITE", 1)],
    ["out", CALLEE, "b1", "INVITE", request("INVITE", "sip:bob@127.0.0.1:5080", 1, SDP, "b1")],
    ["in", CALLEE, "b1", "180 Ringing", response(180, "Ringing", "INVITE", 1, "", "b1")],
    ["out", CALLER, "a", "180 Ringing", response(180, "Ringing", "INVITE", 1)],
    ["in", CALLEE, "b1", "200 OK", response(200, "OK", "INVITE", 1, SDP, "b1")],
    ["out", CALLEE, "b1", "ACK", request("ACK", "sip:bob@127.0.0.1:5080", 1, "", "b1")],
    ["out", CALLER, "a", "200 OK", response(200, "OK", "INVITE", 1, SDP)],
    ["in", CALLER, "a", "ACK", request("ACK", "sip:bob@127.0.0.1:5060", 1)],
    ["in", CALLER, "a", "BYE", request("BYE", "sip:bob@127.0.0.1:5060", 2)],
    ["out", CALLER, "a", "200 OK", response(200, "OK", "BYE", 2)],
    ["out", CALLEE, "b1", "BYE", request("BYE", "sip:bob@127.0.0.1:5080", 2, "", "b1")],
    ["in", CALLEE, "b1", "486 Busy <Here>", response(486, "Busy Here", "BYE", 2, "", "b1")],
  ];
  const sip: TraceSipMessage[] = specs.map(([dir, remote, leg, summary, raw], i) => ({
    at: t0 + i * 12.5,
    dir,
    transport,
    local: EDGE,
    remote,
    leg,
    summary,
    raw,
  }));
  return {
    v: 1,
    callId: "c-1",
    from: "sip:alice@127.0.0.1",
    to: "sip:bob@127.0.0.1",
    startedAt: t0,
    endedAt: t0 + 200,
    outcome: "bridged",
    finalStatus: 200,
    path: ["start", "fwd"],
    decisions: [],
    sip,
  };
}
