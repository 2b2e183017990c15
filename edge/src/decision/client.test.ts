import type { DecisionEvent } from "@ringflow/flow/protocol";
import { startInvokeStub } from "../../test/invoke-server.js";
import { DecisionClient } from "./client.js";
import { type InvokeClientKind, makeInvoker } from "./invoker.js";

// Both Invoke clients (the edge's signed HTTP client and the real @aws-sdk/client-lambda)
// against a local Invoke endpoint: every outcome must be the same whichever one is used.

const KINDS: InvokeClientKind[] = ["http", "sdk"];

const event: DecisionEvent = {
  v: 1,
  type: "call.new",
  call: {
    id: "c-1",
    from: "<sip:a@x>",
    to: "<sip:b@y>",
    requestUri: "sip:+1555@y",
    sourceIp: "127.0.0.1",
    receivedAt: "2026-11-25T07:00:00.000Z",
    headers: {},
  },
};

const outcomes = [
  ["a valid answer", { answer: { actions: [{ type: "hangup" }], state: "x" } }, { ok: true }],
  ["a timeout", { hang: true }, { ok: false, error: "timeout" }],
  ["a thrown error", { throw: "boom" }, { ok: false, error: "error" }],
  ["bytes that are not JSON", { raw: "not json" }, { ok: false, error: "malformed" }],
  ["JSON that is not an answer", { raw: '{"actions":"no"}' }, { ok: false, error: "malformed" }],
] as const;

test.each(KINDS.flatMap((kind) => outcomes.map((o) => [kind, ...o] as const)))(
  "%s client: %s",
  async (kind, _name, reply, expected) => {
    const stub = await startInvokeStub(() => reply as never);
    const lambda = makeInvoker(kind, { endpoint: stub.url, region: "us-east-1" });
    try {
      const budget = "hang" in reply ? 300 : 3000;
      const client = new DecisionClient(lambda, "ringflow-decision", budget);
      const started = performance.now();
      const r = await client.decide(event);
      expect(r).toMatchObject(expected);
      if ("hang" in reply) expect(performance.now() - started).toBeLessThan(1500);
      expect(stub.events[0]).toMatchObject({ type: "call.new", call: { id: "c-1" } });
      if (r.ok) expect(r.answer.actions[0]).toEqual({ type: "hangup" });
    } finally {
      await lambda.close();
      await stub.close();
    }
  },
);

test.each(KINDS)("%s client: an unknown function is an error, not a throw", async (kind) => {
  const stub = await startInvokeStub(() => ({ answer: {} }));
  const lambda = makeInvoker(kind, { endpoint: stub.url, region: "us-east-1" });
  try {
    const r = await new DecisionClient(lambda, "no-such-fn", 1000).decide(event);
    expect(r).toMatchObject({ ok: false, error: "error" });
  } finally {
    await lambda.close();
    await stub.close();
  }
});
