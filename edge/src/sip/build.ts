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
