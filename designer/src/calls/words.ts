// A call in words: who the ladder's lanes are (Caller, Ringflow, Callee), how long the call took,
// and why it ended the way it did.
import type { CallTrace } from "@ringflow/flow";
import { buildLadder, type Ladder } from "@ringflow/flow/trace";
import type { CallSummary } from "../api/client.js";

/** The ladder with each lane named by its role: the edge's own address is Ringflow. */
export function namedLadder(trace: Pick<CallTrace, "sip">): Ladder & { names: string[] } {
  const ladder = buildLadder(trace);
  const local = new Set(trace.sip.map((m) => m.local));
  const legOf = new Map<string, string>();
  for (const m of trace.sip) if (!legOf.has(m.remote)) legOf.set(m.remote, m.leg);
  const callees = [...new Set(trace.sip.filter((m) => m.leg !== "a").map((m) => m.remote))];
  const names = ladder.lanes.map((addr) => {
    if (local.has(addr)) return "Ringflow";
    const leg = legOf.get(addr);
    if (leg === "a") return "Caller";
    return callees.length > 1 ? `Callee ${callees.indexOf(addr) + 1}` : "Callee";
  });
  return { ...ladder, names };
}

/** "4.2 s", "1:05", "1:02:03". */
export function duration(ms: number): string {
  if (!(ms >= 0)) return "";
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return hh > 0 ? `${hh}:${String(mm).padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

const PHRASE: Record<number, string> = {
  302: "moved",
  403: "forbidden",
  404: "not found",
  408: "no answer in time",
  480: "temporarily unavailable",
  486: "busy",
  487: "cancelled",
  500: "server error",
  503: "service unavailable",
  603: "declined",
};

const status = (n: number) => (PHRASE[n] ? `${n} ${PHRASE[n]}` : String(n));

/** Why a call ended as it did, in a sentence; the trace's decisions add the cause when known. */
export function callReason(
  c: Pick<CallSummary, "outcome" | "finalStatus">,
  decisions: CallTrace["decisions"] = [],
): string {
  const errors = decisions.map((d) => d.error).filter((e): e is string => Boolean(e));
  const media = errors.some((e) => /media/.test(e));
  const cause = media
    ? "the flow needed audio (a message, a menu or a recording) that this edge cannot play yet"
    : errors[0];
  switch (c.outcome) {
    case "redirected":
      return `Sent on to another address (${status(c.finalStatus)})`;
    case "bridged":
      return "Connected to a callee";
    case "hungup":
      return c.finalStatus >= 300 ? `Ended by the flow (${status(c.finalStatus)})` : "Ended by the flow";
    case "rejected":
      return `Refused (${status(c.finalStatus)})${cause ? `: ${cause}` : ""}`;
    case "fallback":
      return `The flow could not go on${cause ? ` (${cause})` : ""}; the fallback answered ${status(c.finalStatus)}`;
    case "cancelled":
      return "The caller hung up before an answer";
    case "voicemail":
      return "Left a voicemail";
    case "failed":
      return `Failed (${status(c.finalStatus)})${cause ? `: ${cause}` : ""}`;
  }
}

export type Period = "hour" | "day" | "week" | "all";
export const PERIOD_MS: Record<Period, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  all: Number.POSITIVE_INFINITY,
};

export interface CallFilter {
  flowId: string;
  number: string;
  outcome: string;
  period: Period;
}

export function filterCalls(calls: CallSummary[], f: CallFilter, now: number): CallSummary[] {
  const since = now - PERIOD_MS[f.period];
  const num = f.number.trim();
  return calls.filter(
    (c) =>
      (!f.flowId || c.flowId === f.flowId) &&
      (!num || (c.number ?? c.to).includes(num) || c.from.includes(num)) &&
      (!f.outcome || c.outcome === f.outcome) &&
      c.startedAt >= since,
  );
}

const CAPTURE_CUT: Record<NonNullable<NonNullable<CallTrace["rtpCapture"]>["truncatedBy"]>, string> = {
  packets: "the per-call packet cap",
  bytes: "the per-call size cap",
  duration: "the per-call duration cap",
  edge_budget: "the edge's capture memory was full",
};

/** Whether the call's RTP can be downloaded, in a sentence (shown beside the download, which it describes). */
export function rtpCaptureNote(t: Pick<CallTrace, "rtpCapture" | "media">): string {
  const c = t.rtpCapture;
  if (c) {
    const size = c.bytes < 1024 ? `${c.bytes} B` : `${Math.round(c.bytes / 1024).toLocaleString("en")} KB`;
    const cut = c.truncatedBy ? `; it stopped early (${CAPTURE_CUT[c.truncatedBy]})` : "";
    return `RTP captured: ${c.packets.toLocaleString("en")} packets, ${size}${cut}.`;
  }
  const failed = t.media?.find((m) => m.action === "capture");
  if (failed) return `No RTP to download: ${failed.detail ?? "the capture was not stored"}.`;
  return "No RTP to download: the flow did not capture this call's RTP (Settings: \"Keep call audio (RTP) in the call's pcap\", then publish), or its edge captured none.";
}
