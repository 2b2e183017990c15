import { EDGE_METRICS } from "@ringflow/names";

// The edge's CloudWatch metrics in embedded metric format: one JSON line on stdout per period,
// which the awslogs driver ships and CloudWatch turns into metrics (no agent, no API calls).
// ActiveCalls is a gauge (autoscaling tracks its average across tasks); the others are counts
// for the period, from the edge's running totals.

export interface EdgeCounters {
  activeCalls: number;
  /** Out-of-dialog INVITEs so far (accepted + refused). */
  invites: number;
  /** INVITEs answered 503 so far (caps, drain). */
  refused503: number;
  callsEnded: number;
  callsFailed: number;
  tracesShed: number;
}

const COUNTS = ["invites", "refused503", "callsEnded", "callsFailed", "tracesShed"] as const;
const NAMES: Record<keyof EdgeCounters, string> = {
  activeCalls: EDGE_METRICS.activeCalls,
  invites: EDGE_METRICS.invites,
  refused503: EDGE_METRICS.refused503,
  callsEnded: EDGE_METRICS.callsEnded,
  callsFailed: EDGE_METRICS.callsFailed,
  tracesShed: EDGE_METRICS.tracesShed,
};

export class EmfReporter {
  private last: EdgeCounters | undefined;

  constructor(
    private readonly service: string,
    private readonly read: () => EdgeCounters,
    private readonly write: (line: string) => void,
  ) {}

  /** Writes one EMF line: the gauge now, and each count since the previous line. */
  emit(nowMs: number): void {
    const cur = this.read();
    const prev = this.last ?? { ...cur, ...Object.fromEntries(COUNTS.map((k) => [k, 0])) };
    this.last = cur;
    const values: Record<string, number> = { [NAMES.activeCalls]: cur.activeCalls };
    for (const k of COUNTS) values[NAMES[k]] = Math.max(0, cur[k] - prev[k]);
    this.write(
      JSON.stringify({
        _aws: {
          Timestamp: nowMs,
          CloudWatchMetrics: [
            {
              Namespace: EDGE_METRICS.namespace,
              Dimensions: [[EDGE_METRICS.serviceDimension]],
              Metrics: Object.keys(values).map((Name) => ({ Name, Unit: "Count" })),
            },
          ],
        },
        [EDGE_METRICS.serviceDimension]: this.service,
        ...values,
      }),
    );
  }
}
