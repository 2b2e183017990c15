import { CallTrace } from "@ringflow/flow/protocol";
import type { Logger } from "pino";
import type { LiveCallStore } from "../store/live.js";
import type { Store } from "../store/types.js";

export interface TraceIngestDeps {
  store: Store;
  /** How long traces are kept (the TTL attribute); 30 days by default. */
  ttlDays?: number;
  now?: () => number;
  log?: Logger;
  /** Calls in progress: a finished call whose last decision may not have removed it is removed here. */
  live?: LiveCallStore;
}

/**
 * Whether the decision function may have left a call in the live list: a call of one decision
 * never entered it; one whose last decision ended it cleanly (call.ended, or an answer that hung
 * up or redirected) was removed then. Any failed decision, or a call the edge ended otherwise (an
 * unacknowledged 200, a fallback), is swept: one more write for those calls only.
 */
export function mayBeLive(t: CallTrace): boolean {
  const d = t.decisions;
  if (d.some((x) => x.error !== undefined)) return true;
  const last = d.at(-1);
  if (!last || d.length < 2) return false;
  return !(
    last.event === "call.ended" ||
    last.actions.includes("hangup") ||
    last.actions.includes("redirect")
  );
}

export interface IngestResult {
  stored: number;
  /** Traces that failed the schema; the rest of the batch is still stored. */
  rejected: { index: number; callId?: string; reason: string }[];
  /** Traces without a tenant (calls to unknown numbers): nobody may read them, so none are kept. */
  skipped: number;
}

/**
 * `ringflow-traces`: the edge sends finished calls in batches (`{ traces: CallTrace[] }`) over
 * the Lambda Invoke API. The tenant of each trace is the one the decision function named in its
 * answer. Never throws for bad input: the result says what was kept.
 */
export function createTraceIngest(deps: TraceIngestDeps) {
  const now = deps.now ?? Date.now;
  const ttlSec = (deps.ttlDays ?? 30) * 86_400;
  return async (event: unknown): Promise<IngestResult> => {
    const list = (event as { traces?: unknown } | null)?.traces;
    const result: IngestResult = { stored: 0, rejected: [], skipped: 0 };
    if (!Array.isArray(list)) {
      result.rejected.push({ index: -1, reason: "expected { traces: CallTrace[] }" });
      return result;
    }
    const expiresAt = Math.floor(now() / 1000) + ttlSec;
    await Promise.all(
      list.map(async (raw, index) => {
        const parsed = CallTrace.safeParse(raw);
        if (!parsed.success) {
          const callId = (raw as { callId?: unknown } | null)?.callId;
          result.rejected.push({
            index,
            ...(typeof callId === "string" ? { callId } : {}),
            reason: parsed.error.issues[0]?.message ?? "invalid",
          });
          return;
        }
        const t = parsed.data;
        if (!t.tenantId) {
          result.skipped++;
          return;
        }
        try {
          await deps.store.putTrace({ ...t, tenantId: t.tenantId }, expiresAt);
          result.stored++;
        } catch (err) {
          deps.log?.error({ err, callId: t.callId }, "trace not stored");
          result.rejected.push({ index, callId: t.callId, reason: "store_failed" });
        }
        // In the trace's own tenant only; a failure leaves the item to its ttl.
        if (deps.live && mayBeLive(t))
          await deps.live.endLiveCall(t.tenantId, t.callId).catch((err: unknown) => {
            deps.log?.warn({ err, callId: t.callId }, "live call not swept");
          });
      }),
    );
    if (result.rejected.length > 0) deps.log?.warn({ rejected: result.rejected }, "traces rejected");
    return result;
  };
}
