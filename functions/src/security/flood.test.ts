// A bounded flood through the whole edge (its real transaction and call layers, sans I/O) and the
// real decision function: tenant "noisy" sends calls to a flow that rings the edge's own number
// five times at once (a loop published before validation refused it) and to a flow of 50
// nested-quantifier patterns matched against a 256-character From; tenant "quiet" places its
// ordinary calls meanwhile. The loop never fans out (every leg that comes back is refused with
// 482), the patterns stay within the work cap, and quiet's calls ring their callee in their usual time.
import type { DecisionEvent } from "@ringflow/flow/protocol";
import { EDGE, fakeEdge, label, request, sdp } from "../../../edge/test/fake-edge.js";
import { createDecisionHandler } from "../decision/handler.js";
import { MemoryStore } from "../store/memory.js";
import type { FlowDocument } from "../store/types.js";

const CALLEE = { address: "198.51.100.20", port: 5060, transport: "udp" as const };
const CALLER = { address: "203.0.113.7", port: 5060, transport: "udp" as const };

const flow = (nodes: Record<string, unknown>): FlowDocument => ({
  version: 1,
  name: "f",
  entry: "start",
  nodes: { start: { type: "start", next: "n" }, ...nodes },
});
const bridge = (uris: string[]) => ({
  type: "forward",
  mode: "bridge",
  strategy: "simultaneous",
  targets: uris.map((uri) => ({ uri })),
  busy: "x",
  noAnswer: "x",
  failed: "x",
});

async function publish(
  store: MemoryStore,
  tenantId: string,
  flowId: string,
  doc: FlowDocument,
  number: string,
) {
  await store.createFlow({ tenantId, flowId, doc, errors: 0, warnings: 0 });
  await store.publish({ tenantId, flowId, name: "f", doc, message: "", fromRevision: 1, publishedBy: "t" });
  await store.grantNumber(number, tenantId);
  await store.bindNumber({ number, tenantId, flowId, version: "latest" });
}

test("a flood of looping and pattern-heavy calls neither fans out nor delays another tenant's calls", async () => {
  const store = new MemoryStore();
  const edgeHost = `${EDGE.address}`;
  // The loop goes out through a trunk that routes the number back to the edge: a leg straight at
  // the edge's own address is refused before it leaves (protect/targets.ts), so only a loop
  // through something else reaches the loop marker.
  const TRUNK = { address: "198.51.100.99", port: 5060, transport: "udp" as const };
  await publish(
    store,
    "noisy",
    "loop",
    flow({ n: bridge(Array(5).fill("sip:+15550500@trunk.example")), x: { type: "hangup" } }),
    "+15550500",
  );
  const heavy = `^(${"(a+)+".repeat(40)})${"x".repeat(200)}$`.slice(0, 500);
  const cases = Array.from({ length: 50 }, () => ({
    when: { subject: "caller", op: "matches", value: heavy },
    next: "x",
  }));
  await publish(
    store,
    "noisy",
    "regex",
    flow({
      n: { type: "switch", cases, default: "m" },
      m: { type: "switch", cases, default: "n" },
      x: { type: "hangup" },
    }),
    "+15550501",
  );
  await publish(
    store,
    "quiet",
    "desk",
    flow({ n: bridge(["sip:desk@198.51.100.20"]), x: { type: "hangup" } }),
    "+15550600",
  );
  const handler = createDecisionHandler({ store, routeTtlMs: 60_000 });
  let slowest = 0;
  const decisions = {
    async decide(e: DecisionEvent) {
      const t = performance.now();
      const answer = await handler(e);
      const ms = performance.now() - t;
      slowest = Math.max(slowest, ms);
      return { ok: true as const, answer, latencyMs: ms };
    },
  };
  const fe = await fakeEdge(() => [], {
    decisions,
    targets: { "trunk.example": TRUNK, "198.51.100.20": CALLEE },
    args: ["--max-calls-per-tenant", "500", "--max-legs-per-tenant", "1000", "--max-legs-per-call", "30"],
  });
  try {
    const invite = (callId: string, number: string, from = "alice") =>
      request({
        callId,
        branch: `z9hG4bK-${callId}`,
        via: "203.0.113.7:5060",
        uri: `sip:${number}@${edgeHost}`,
        body: sdp(),
      }).replace("sip:alice@example.com", `sip:${from}@example.com`);
    /** Delivers what the edge sent to itself back to it (a loop), until nothing more comes. */
    let legsToSelf = 0;
    let refused482 = 0;
    const pump = async () => {
      const all = [];
      for (let round = 0; round < 50; round++) {
        await fe.settle();
        const sent = fe.take();
        all.push(...sent);
        refused482 += sent.filter((s) => label(s.message) === "482").length;
        const back = sent.filter((s) => label(s.message) === "INVITE" && s.to.address === TRUNK.address);
        if (back.length === 0) return all;
        legsToSelf += back.length;
        // Through a trunk or another edge task, as a B2BUA would: a new Call-ID (our own
        // Call-ID check cannot see the loop), the loop marker kept.
        for (const s of back)
          fe.inject(String(s.message).replace(/^(Call-ID: )(.*)$/im, "$1$2-via-trunk"), TRUNK);
      }
      throw new Error("the loop kept going");
    };
    // Quiet's usual time: alone.
    const quietCall = async (id: string) => {
      const t = performance.now();
      fe.inject(invite(id, "+15550600"), CALLER);
      const rang = (sent: { message: unknown; to: { address: string } }[]) =>
        sent.some((s) => label(s.message as never) === "INVITE" && s.to.address === CALLEE.address);
      let sent = await pump();
      for (let k = 0; k < 20 && !rang(sent); k++) sent = await pump();
      expect(rang(sent)).toBe(true);
      return performance.now() - t;
    };
    const usual = Math.max(await quietCall("q0"), await quietCall("q1"));
    // The flood: 100 looping calls and 40 pattern-heavy ones, with quiet's calls in between.
    const during: number[] = [];
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 10; j++) fe.inject(invite(`loop-${i}-${j}`, "+15550500"), CALLER);
      for (let j = 0; j < 4; j++) fe.inject(invite(`re-${i}-${j}`, "+15550501", "a".repeat(256)), CALLER);
      during.push(await quietCall(`q-${i}`));
    }
    await pump();
    // Each looping call rang the edge five times, and each of those was refused: no second generation.
    expect(legsToSelf).toBe(100 * 5);
    expect(refused482).toBe(100 * 5);
    expect(fe.edge.stats().refused.loop).toBe(500);
    // Pattern-heavy decisions stay within the work cap.
    expect(slowest).toBeLessThan(250);
    // Quiet's calls went through, in about their usual time (generous for a shared 2-core machine).
    expect(during).toHaveLength(10);
    expect(Math.max(...during)).toBeLessThan(Math.max(20 * usual, 1500));
  } finally {
    await fe.close();
  }
}, 60_000);
