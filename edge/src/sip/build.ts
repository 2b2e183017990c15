import { randomBytes } from "node:crypto";
import { type SipMessage, type SipRequest, SipResponse } from "@ringflow/sip-core";

// Small message builders the edge needs on its hot path. Identifiers come from one random
// prefix per process plus a counter: unique, unguessable enough for tags, and cheap.

export const T1 = 500;
export const T2 = 4000;
export const TIMER_B = 64 * T1;

const prefix = randomBytes(6).toString("hex");
let counter = 0;
export function uniqueId(): string {
  counter = (counter + 1) % 0x7fffffff;
  return `${prefix}${counter.toString(36)}`;
}
export const newBranch = (): string => `z9hG4bK-rf${uniqueId()}`;
export const newTag = (): string => `rf${uniqueId()}`;

/** A response to `req` carrying its Via, From, To (tagged), Call-ID and CSeq. */
export function responseTo(req: SipRequest, status: number, reason: string, toTag?: string): SipResponse {
  const res = new SipResponse(status, reason);
  for (const h of req.headers) {
    if (h.name === "via" || h.name === "from" || h.name === "call-id" || h.name === "cseq") {
      res.headers.push(h);
    } else if (h.name === "to") {
      res.headers.push(h);
    }
  }
  if (toTag && status > 100) {
    const to = res.to;
    if (!to.tag) {
      to.tag = toTag;
      res.commitAddress("to");
    }
  }
  return res;
}

/** "INVITE" or "302 Moved Temporarily": the ladder label of a message. */
export function summary(msg: SipMessage): string {
  return msg.isRequest ? msg.method : `${msg.status} ${msg.reason}`;
}

export function isRequest(m: SipMessage): m is SipRequest {
  return m.isRequest;
}

/** The user part of a SIP/tel URI text: the called number for fallbacks and traces. */
export function userOf(uriText: string): string | undefined {
  const m = /^(?:sips?|tel):([^@;?>]+)/i.exec(uriText.replace(/^.*</, ""));
  return m?.[1];
}
