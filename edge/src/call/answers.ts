import type { Action } from "@ringflow/flow/protocol";
import type { SipResponse } from "@ringflow/sip-core";

// The final answers a call gives without ringing anyone: a redirect's 3xx with the flow's
// Contacts (q-values, §20.10), a hangup's 4xx-6xx with a Reason (RFC 3326), and the fallback
// when the decision failed (the number's configured URI as a 302, else 503 with Retry-After,
// §21.5.4). Each fills in a response the call made (its To tag), so nothing is copied.

/** Quotes and line breaks out of a Reason text (it sits in a quoted-string). */
const unsafeText = /["\\\r\n]/g;

export function redirectResponse(res: SipResponse, a: Extract<Action, { type: "redirect" }>): SipResponse {
  for (const c of a.contacts) {
    const uri = c.uri.startsWith("<") ? c.uri : `<${c.uri}>`;
    res.add("Contact", c.q === undefined ? uri : `${uri};q=${c.q}`);
  }
  return res;
}

export function hangupResponse(res: SipResponse, status: number, reason: string | undefined): SipResponse {
  res.add("Reason", `SIP;cause=${status};text="${(reason ?? res.reason).replace(unsafeText, "")}"`);
  return res;
}

/** 302 to `uri` when there is one, else (res is a 503) Retry-After. */
export function fallbackResponse(res: SipResponse, uri: string | undefined, retryAfterSec = 0): SipResponse {
  if (uri) res.add("Contact", uri.startsWith("<") ? uri : `<${uri}>`);
  else res.add("Retry-After", String(retryAfterSec));
  return res;
}
