import { trace } from "../store/contract.js";
import { MemoryStore } from "../store/memory.js";
import { createTraceIngest } from "./ingest.js";

test("stores each valid trace under its tenant with the TTL, rejects bad ones, skips tenantless ones", async () => {
  let now = Date.parse("2026-11-25T08:00:00Z");
  const store = new MemoryStore(() => now);
  const ingest = createTraceIngest({ store, ttlDays: 1, now: () => now });
  const { tenantId: _t, ...noTenant } = trace("x", "orphan", now);
  const r = await ingest({
    traces: [trace("acme", "c1", now), { ...trace("acme", "c2", now), outcome: "exploded" }, noTenant],
  });
  expect(r).toEqual({
    stored: 1,
    rejected: [{ index: 1, callId: "c2", reason: expect.any(String) }],
    skipped: 1,
  });
  expect((await store.getTrace("acme", "c1"))?.finalStatus).toBe(302);
  now += 86_401_000;
  expect(await store.getTrace("acme", "c1")).toBeUndefined();
  expect((await ingest({ nope: 1 })).rejected).toHaveLength(1);
});
