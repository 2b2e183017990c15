import type { CallTrace } from "@ringflow/flow/protocol";
import type { EdgeStats } from "../edge.js";
import { MemoryTraceSink } from "../trace/sink.js";
import { awsPlatform, localPlatform } from "./platform.js";

const stats = (callsInProgress: number): EdgeStats => ({
  callsInProgress,
  callsTotal: 7,
  malformed: 0,
  refused: { calls_cap: 1, rate_cap: 0, draining: 2, loop: 0, tenant_calls: 0, tenant_legs: 0, call_legs: 0 },
  traces: { queued: 0, written: 0, shed: 1, failedWrites: 0 },
  draining: false,
});

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test("on AWS: advertises the looked-up address, protects the task while busy, counts calls into EMF", async () => {
  const puts: unknown[] = [];
  const lines: string[] = [];
  let calls = 0;
  const p = awsPlatform({
    env: { ECS_CONTAINER_METADATA_URI_V4: undefined },
    region: "eu-west-1",
    service: "ringflow-edge",
    write: (l) => lines.push(l),
    lookup: async () => "198.51.100.9",
    put: async (b) => {
      puts.push(b);
    },
    now: () => Date.now(),
    checkEveryMs: 1000,
    metricsEveryMs: 60_000,
  });
  // Without task metadata there is nothing to look up.
  expect(await p.publicAddress()).toBeUndefined();
  const traces = new MemoryTraceSink(true);
  p.start({ stats: () => stats(calls) }, traces);
  calls = 2;
  await jest.advanceTimersByTimeAsync(1000);
  expect(puts).toEqual([{ ProtectionEnabled: true, ExpiresInMinutes: 60 }]);
  traces.record({ outcome: "bridged" } as CallTrace);
  traces.record({ outcome: "failed" } as CallTrace);
  expect(traces.traces).toHaveLength(2); // still recorded by the real sink
  await jest.advanceTimersByTimeAsync(59_000);
  expect(JSON.parse(lines[0] as string)).toMatchObject({
    ActiveCalls: 2,
    Invites: 10,
    Refused503: 3,
    CallsEnded: 2,
    CallsFailed: 1,
    TracesShed: 1,
  });
  await p.stop();
  expect(lines).toHaveLength(2); // the last period on the way out
  expect(puts.at(-1)).toEqual({ ProtectionEnabled: false });
});

test("locally: no address, no protection, no metrics", async () => {
  expect(await localPlatform.publicAddress()).toBeUndefined();
  localPlatform.start({ stats: () => stats(1) }, new MemoryTraceSink(true));
  await localPlatform.stop();
});
