// What every transport does with a message it received: screen it, answer or drop bad
// ones statelessly, stamp received/rport on requests (RFC 3261 §18.2.1, RFC 3581) and
// hand the rest up.
import { SipParseError } from "../errors.js";
import type { SipMessage } from "../message.js";
import { DEFAULT_POLICY, type RequestPolicy, screen, verdictResponse } from "../validate.js";
import type { MessageHandler, RejectEvent, Remote, TapEvent } from "./types.js";

export class Listeners {
  message: MessageHandler[] = [];
  tap: Array<(e: TapEvent) => void> = [];
  reject: Array<(e: RejectEvent) => void> = [];

  emitTap(e: TapEvent): void {
    for (const f of this.tap) f(e);
  }
}

/**
 * Screen a parsed message and route the outcome: `reply` sends a stateless answer back on
 * the same path (to `from`); accepted messages go to the listeners.
 */
export function receive(
  parsed: SipMessage | SipParseError,
  bytes: Buffer,
  from: Remote,
  policy: RequestPolicy | null | undefined,
  listeners: Listeners,
  reply: (msg: SipMessage, to: Remote) => void,
): void {
  const v = screen(parsed, policy === undefined ? DEFAULT_POLICY : policy);
  if (v.action === "accept") {
    const msg = v.message;
    if (msg.isRequest) stampVia(msg, from);
    const ls = listeners.message;
    for (let i = 0; i < ls.length; i++) ls[i]!(msg, from);
    return;
  }
  if (v.action === "respond") {
    stampVia(v.request, from);
    reply(verdictResponse(v), from);
  }
  const ev: RejectEvent = {
    remote: from,
    action: v.action,
    status: v.action === "respond" ? v.status : null,
    code: v.code,
    bytes,
  };
  for (const f of listeners.reject) f(ev);
}

/**
 * RFC 3261 §18.2.1 / RFC 3581: add `received` when the top Via's sent-by differs from the
 * source address, and fill `rport` (with `received`) when the client asked for it.
 */
export function stampVia(req: SipMessage, from: Remote): void {
  let top: ReturnType<typeof topOf>;
  try {
    top = topOf(req);
  } catch (e) {
    if (e instanceof SipParseError) return;
    throw e;
  }
  if (!top) return;
  const wantsRport = top.params.has("rport") && top.params.get("rport") == null;
  if (top.host !== from.address && top.host !== `[${from.address}]`) top.setParam("received", from.address);
  if (wantsRport) {
    top.setParam("received", from.address);
    top.setParam("rport", String(from.port));
  }
  if (top.raw === null) req.commitVia();
}

function topOf(req: SipMessage) {
  return req.via[0];
}
