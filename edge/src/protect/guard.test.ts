import type { DecisionEvent } from "@ringflow/flow/protocol";
import type { SipRequest } from "@ringflow/sip-core";
import { type FakeEdge, fakeEdge, label, request, sdp } from "../../test/fake-edge.js";
import type { Peer } from "../sip/transport.js";

// The run-time protections through the whole edge (sans I/O): the loop marker, the leg budget
// per call, and the per-tenant cap on calls in progress.

const CALLEE: Peer = { address: "198.51.100.20", port: 5060, transport: "udp" };
const CALLER: Peer = { address: "203.0.113.7", port: 5060, transport: "udp" };
let fe: FakeEdge;
afterEach(async () => {
  await fe?.close();
});

const ring = (n: number) => (e: DecisionEvent) =>
  e.type === "call.new"
    ? [
        {
          type: "bridge" as const,
          targets: Array.from({ length: n }, (_, i) => ({ uri: `sip:bob${i}@198.51.100.20` })),
          strategy: "simultaneous" as const,
          ringTimeoutSec: 20,
        },
      ]
    : [];

const invite = (callId: string, uri = "sip:+15550001000@192.0.2.10", extra: string[] = []) =>
  request({ callId, branch: `z9hG4bK-${callId}`, via: "203.0.113.7:5060", uri, body: sdp(), extra });

test("an INVITE carrying our loop marker is refused with 482 before any decision; our legs carry it", async () => {
  fe = await fakeEdge(ring(1), { targets: { "198.51.100.20": CALLEE }, tenantOf: () => "a" });
  fe.inject(invite("looped", undefined, ["X-Ringflow-Loop: 192.0.2.10"]), CALLER);
  await fe.settle();
  expect(fe.take().map((s) => label(s.message))).toEqual(["482"]);
  expect(fe.events).toEqual([]);
  expect(fe.edge.stats().refused.loop).toBe(1);
  fe.inject(invite("fresh"), CALLER);
  await fe.settle();
  const leg = fe.take().find((s) => label(s.message) === "INVITE")?.message as SipRequest;
  expect(leg.get("x-ringflow-loop")).toBe("192.0.2.10");
});

test("a call starts at most maxLegsPerCall legs, whatever its flow asks for", async () => {
  fe = await fakeEdge(ring(5), {
    targets: { "198.51.100.20": CALLEE },
    tenantOf: () => "a",
    args: ["--max-legs-per-call", "2"],
  });
  fe.inject(invite("wide"), CALLER);
  await fe.settle();
  expect(fe.take().filter((s) => label(s.message) === "INVITE")).toHaveLength(2);
  expect(fe.edge.stats().refused.call_legs).toBe(3);
});

test("a tenant at its cap of calls in progress gets 503 while another tenant's call still rings", async () => {
  const tenantOf = (e: DecisionEvent) => (e.call.requestUri.includes("+1555000200") ? "b" : "a");
  fe = await fakeEdge(ring(1), {
    targets: { "198.51.100.20": CALLEE },
    tenantOf,
    args: ["--max-calls-per-tenant", "2"],
  });
  for (const id of ["a1", "a2", "a3"]) fe.inject(invite(id), CALLER);
  fe.inject(invite("b1", "sip:+1555000200@192.0.2.10"), CALLER);
  await fe.settle();
  const sent = fe.take();
  const finals = sent.filter((s) => label(s.message) === "503");
  expect(finals).toHaveLength(1);
  expect(finals.map((s) => (s.message as { callId: string }).callId)).toEqual(["a3"]);
  // Three legs ring: a1's, a2's and b1's.
  expect(sent.filter((s) => label(s.message) === "INVITE")).toHaveLength(3);
  expect(fe.edge.stats().refused.tenant_calls).toBe(1);
});
