// Transaction matching: §17.1.3 (responses to client transactions) and §17.2.3 (requests
// to server transactions), with the RFC 2543 fallback for branches without the cookie.
import type { SipRequest, SipResponse } from "../message.js";

const COOKIE = "z9hG4bK";

/** A branch with RFC 3261's magic cookie (and something after it): matched by branch (§17.2.3). */
export function hasCookie(branch: string | null | undefined): branch is string {
  return typeof branch === "string" && branch.length > COOKIE.length && branch.startsWith(COOKIE);
}

/** Key of a client transaction, from the request it sent or a response to it (§17.1.3). */
export function clientKey(msg: SipRequest | SipResponse): string | null {
  const v = msg.via[0];
  const branch = v?.branch;
  if (!branch) return null;
  const method = msg.cseq.method;
  return `${branch}|${method === "ACK" ? "INVITE" : method}`;
}

/**
 * Key of the server transaction a request belongs to (§17.2.3). ACK maps onto its INVITE.
 * With the magic cookie: branch + sent-by + method. Without it (RFC 2543): Request-URI,
 * From tag, Call-ID, CSeq number and method, and the top Via value; the To tag is left out
 * so the ACK for a failure (To carries our tag) still finds its INVITE.
 */
export function serverKey(req: SipRequest, methodOverride?: string): string {
  const v = req.via[0]!;
  const method = methodOverride ?? (req.method === "ACK" ? "INVITE" : req.method);
  const branch = v.branch;
  if (hasCookie(branch)) {
    return `${branch}|${v.host}:${v.port ?? ""}|${method}`;
  }
  const viaText = `${v.transport} ${v.host}:${v.port ?? ""};branch=${branch ?? ""}`;
  return `2543|${req.uri}|${req.from.tag ?? ""}|${req.callId}|${req.cseq.seq}|${method}|${viaText}`;
}

/** Key of the INVITE server transaction a CANCEL targets (§9.2: same matching, method INVITE). */
export function cancelTargetKey(cancel: SipRequest): string {
  return serverKey(cancel, "INVITE");
}
