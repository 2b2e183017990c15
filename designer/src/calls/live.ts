// Calls in progress, as the calls view and the canvas show them: who, which number and flow, the
// node each is at (by its label in the flow on screen when it has that node), and how long so far
// by the server's clock (so a skewed browser clock does not matter).
import type { Flow } from "@ringflow/flow";
import type { LiveCall } from "@ringflow/flow/api";
import { partyOf } from "@ringflow/flow/protocol";
import { duration } from "./words.js";

export interface LiveSnapshot {
  calls: LiveCall[];
  /** The server's clock when it answered, and ours when the answer arrived. */
  serverNow: number;
  receivedAt: number;
}

/** How long the call has lasted at `clientNow` (our clock), measured on the server's. */
export const liveElapsed = (s: LiveSnapshot, c: LiveCall, clientNow: number) =>
  Math.max(0, s.serverNow + (clientNow - s.receivedAt) - c.startedAt);

/** The node a live call is at, in words: its label in the open flow, else the label it was written with, else its id. */
export function liveNodeName(c: LiveCall, flow: Flow | undefined, openFlowId: string | undefined): string {
  const here = openFlowId !== undefined && c.flowId === openFlowId ? flow?.nodes[c.node] : undefined;
  return here?.label || c.nodeLabel || c.node;
}

const WAITING: Record<string, string> = {
  play: "hearing a message",
  collect: "choosing in a menu",
  bridge: "ringing or connected",
  record: "leaving a message",
  decision: "waiting for a decision",
};

/** One line for a call in progress: "+15550199 → +15550100 · Main menu (choosing in a menu) · 0:42". */
export function liveLine(c: LiveCall, name: string, elapsedMs: number): string {
  const what = c.waiting ? ` (${WAITING[c.waiting] ?? c.waiting})` : "";
  return `${partyOf(c.from)} → ${c.number ?? partyOf(c.to)} · ${name}${what} · ${duration(elapsedMs)}`;
}

/** How many live calls of the open flow are at each of its nodes (for the canvas). */
export function liveNodeCounts(
  calls: LiveCall[],
  flow: Flow,
  flowId: string | undefined,
): Record<string, number> {
  const counts: Record<string, number> = {};
  if (flowId === undefined) return counts;
  for (const c of calls)
    if (c.flowId === flowId && flow.nodes[c.node]) counts[c.node] = (counts[c.node] ?? 0) + 1;
  return counts;
}

/** Calls that were live before and are not now: they ended (their trace follows shortly). */
export function endedSince(before: LiveCall[], now: LiveCall[]): string[] {
  const still = new Set(now.map((c) => c.callId));
  return before.filter((c) => !still.has(c.callId)).map((c) => c.callId);
}
