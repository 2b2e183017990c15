import { EDGE_METRICS } from "@ringflow/names";
import { type EdgeCounters, EmfReporter } from "./emf.js";

test("one EMF line per period: ActiveCalls as a gauge, the rest as counts since the last line", () => {
  const lines: string[] = [];
  let c: EdgeCounters = {
    activeCalls: 3,
    invites: 10,
    refused503: 1,
    callsEnded: 6,
    callsFailed: 1,
    tracesShed: 0,
  };
  const r = new EmfReporter(
    "ringflow-edge-dev",
    () => c,
    (l) => lines.push(l),
  );
  r.emit(1_000);
  c = { activeCalls: 5, invites: 25, refused503: 4, callsEnded: 14, callsFailed: 1, tracesShed: 2 };
  r.emit(61_000);
  const [first, second] = lines.map((l) => JSON.parse(l));
  expect(first).toEqual({
    _aws: {
      Timestamp: 1_000,
      CloudWatchMetrics: [
        {
          Namespace: EDGE_METRICS.namespace,
          Dimensions: [["Service"]],
          Metrics: ["ActiveCalls", "Invites", "Refused503", "CallsEnded", "CallsFailed", "TracesShed"].map(
            (Name) => ({
              Name,
              Unit: "Count",
            }),
          ),
        },
      ],
    },
    Service: "ringflow-edge-dev",
    ActiveCalls: 3,
    Invites: 10,
    Refused503: 1,
    CallsEnded: 6,
    CallsFailed: 1,
    TracesShed: 0,
  });
  expect(second).toMatchObject({
    ActiveCalls: 5,
    Invites: 15,
    Refused503: 3,
    CallsEnded: 8,
    CallsFailed: 0,
    TracesShed: 2,
  });
  expect(lines.every((l) => !l.includes("\n"))).toBe(true);
});
