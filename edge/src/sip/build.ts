import { randomBytes } from "node:crypto";
import type { SipMessage } from "@ringflow/sip-core";

// Identifiers and labels the edge needs on its hot path. Identifiers come from one random
// prefix per process plus a counter: unique, unguessable enough for tags, and cheap.

const prefix = randomBytes(6).toString("hex");
let counter = 0;
export function uniqueId(): string {
  counter = (counter + 1) % 0x7fffffff;
  return `${prefix}${counter.toString(36)}`;
}
export const newBranch = (): string => `z9hG4bK-rf${uniqueId()}`;
export const newTag = (): string => `rf${uniqueId()}`;

/** "INVITE" or "302 Moved Temporarily": the ladder label of a message. */
export function summary(msg: SipMessage): string {
  return msg.isRequest ? msg.method : `${msg.status} ${msg.reason}`;
}

/**
 * The user part of a SIP/tel URI text (or of a name-addr's URI): the called number for
 * fallbacks and traces. A scan rather than regular expressions: it runs once per INVITE.
 */
export function userOf(uriText: string): string | undefined {
  let i = uriText.lastIndexOf("<") + 1;
  const c = uriText.charCodeAt(i) | 0x20;
  if (c === 0x73 /* s */) {
    if ((uriText.charCodeAt(i + 1) | 0x20) !== 0x69 || (uriText.charCodeAt(i + 2) | 0x20) !== 0x70)
      return undefined;
    i += 3;
    if ((uriText.charCodeAt(i) | 0x20) === 0x73) i++;
  } else if (c === 0x74 /* t */) {
    if ((uriText.charCodeAt(i + 1) | 0x20) !== 0x65 || (uriText.charCodeAt(i + 2) | 0x20) !== 0x6c)
      return undefined;
    i += 3;
  } else return undefined;
  if (uriText.charCodeAt(i) !== 0x3a /* : */) return undefined;
  const start = ++i;
  for (; i < uriText.length; i++) {
    const d = uriText.charCodeAt(i);
    if (d === 0x40 || d === 0x3b || d === 0x3f || d === 0x3e) break; // @ ; ? >
  }
  return i > start ? uriText.slice(start, i) : undefined;
}
