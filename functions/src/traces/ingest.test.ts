import { trace } from "../store/contract.js";
import { MemoryStore } from "../store/memory.js";
import { createTraceIngest, mayBeLive } from "./ingest.js";

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

test("a finished call that a failed or unclean last decision may have left live is swept, in its tenant only", async () => {
  const now = Date.parse("2026-11-25T08:00:00Z");
  const store = new MemoryStore(() => now);
  const ends: string[] = [];
  const ingest = createTraceIngest({
    store,
    now: () => now,
    live: {
      putLiveCall: async () => {},
      endLiveCall: async (tenant, id) => void ends.push(`${tenant}/${id}`),
      listLiveCalls: async () => [],
    },
  });
  const d = (event: string, actions: string[], error?: string) => ({
    at: now,
    event,
    latencyMs: 1,
    actions,
    ...(error ? { error } : {}),
  });
  const t = (callId: string, decisions: ReturnType<typeof d>[]) => ({
    ...trace("acme", callId, now),
    decisions,
  });
  await ingest({
    traces: [
      t("redirect", [d("call.new", ["redirect"])]),
      t("clean-bye", [d("call.new", ["answer", "collect"]), d("collect.done", ["hangup"])]),
      t("caller-bye", [d("call.new", ["answer", "collect"]), d("call.ended", [])]),
      t("timed-out", [d("call.new", [], "timeout")]),
      t("flow-done", [d("call.new", ["answer", "play"]), d("play.done", [])]),
    ],
  });
  expect(ends.sort()).toEqual(["acme/flow-done", "acme/timed-out"]);
  expect(
    mayBeLive(t("x", [d("call.new", ["answer", "collect"]), d("collect.done", ["bridge"], "timeout")])),
  ).toBe(true);
});
