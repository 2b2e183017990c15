// Per-node and per-edge counts over the calls of a chosen period, for the canvas: each call's
// trace holds its path, read a few at a time (the list has no paths).
import type { Flow } from "@ringflow/flow";
import type { ApiClient, CallSummary } from "../api/client.js";
import { edgeCounts, nodeCounts } from "../core/canvas.js";

export interface PeriodCounts {
  calls: number;
  nodeCounts: Record<string, number>;
  edgeCounts: Record<string, number>;
}

/** At most this many traces are read for one overlay (the list holds at most 100 calls). */
export const MAX_TRACES = 100;
const PARALLEL = 4;

export async function periodCounts(
  client: Pick<ApiClient, "getCall">,
  flow: Flow,
  calls: readonly CallSummary[],
): Promise<PeriodCounts> {
  const ids = calls.slice(0, MAX_TRACES).map((c) => c.callId);
  const paths: string[][] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const t = await client.getCall(id).catch(() => null);
      if (t) paths.push(t.path);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
  return { calls: paths.length, nodeCounts: nodeCounts(paths), edgeCounts: edgeCounts(flow, paths) };
}
