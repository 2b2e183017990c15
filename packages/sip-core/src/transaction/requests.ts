// Requests the transaction layer derives from others: the ACK for a non-2xx final response
// (§17.1.1.3) and CANCEL (§9.1).
import { HeaderField, SipRequest, type SipResponse } from "../message.js";

function copy(from: SipRequest, names: string[], into: SipRequest): void {
  for (const h of from.headers) if (names.includes(h.name)) into.headers.push(h);
}

function topViaLine(req: SipRequest): HeaderField {
  const v = req.via[0];
  if (!v) throw new Error("request without Via");
  return HeaderField.of("via", v.toString());
}

/**
 * §17.1.1.3: same Request-URI, Call-ID, From and CSeq number as the INVITE (method ACK),
 * To from the response (with its tag), only the INVITE's top Via, and its Route headers.
 */
export function buildAckForFailure(invite: SipRequest, res: SipResponse): SipRequest {
  const ack = new SipRequest("ACK", invite.uri);
  ack.headers.push(topViaLine(invite));
  ack.add("Max-Forwards", "70");
  copy(invite, ["route"], ack);
  copy(invite, ["from"], ack);
  for (const h of res.headers) if (h.name === "to") ack.headers.push(h);
  copy(invite, ["call-id"], ack);
  ack.add("CSeq", `${invite.cseq.seq} ACK`);
  ack.add("Content-Length", "0");
  return ack;
}

/**
 * §9.1: same Request-URI, Call-ID, To, From, CSeq number (method CANCEL) and top Via (so the
 * same branch) as the request, its Route headers, and an optional Reason (RFC 3326).
 */
export function buildCancel(req: SipRequest, reason?: string): SipRequest {
  const c = new SipRequest("CANCEL", req.uri);
  c.headers.push(topViaLine(req));
  c.add("Max-Forwards", "70");
  copy(req, ["route", "from", "to", "call-id"], c);
  c.add("CSeq", `${req.cseq.seq} CANCEL`);
  if (reason) c.add("Reason", reason);
  c.add("Content-Length", "0");
  return c;
}
