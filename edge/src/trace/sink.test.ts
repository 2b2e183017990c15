import type { CallTrace } from "@ringflow/flow/protocol";
import { type InvokeStub, startInvokeStub } from "../../test/invoke-server.js";
import { type InvokeClientKind, makeInvoker } from "../decision/invoker.js";
import { TraceBuilder } from "./builder.js";
import { LambdaTraceSink } from "./sink.js";

const KINDS: InvokeClientKind[] = ["http", "sdk"];

/** A sink writing through a `kind` client to a fresh Invoke stub; both closed afterwards. */
async function withSink(
  kind: InvokeClientKind,
  opts: ConstructorParameters<typeof LambdaTraceSink>[2],
  fn: (sink: LambdaTraceSink, stub: InvokeStub) => Promise<void>,
): Promise<void> {
  const stub = await startInvokeStub(() => ({ answer: {} }));
  const lambda = makeInvoker(kind, { endpoint: stub.url, region: "us-east-1" });
  try {
    await fn(new LambdaTraceSink(lambda, "ringflow-traces", opts), stub);
  } finally {
    await lambda.close();
    await stub.close();
  }
}

const trace = (i: number): CallTrace =>
  new TraceBuilder(`c-${i}`, "a", "b", "+1555", i).finish("redirected", 302, i + 1);

test.each(KINDS)(
  "batches traces to the traces function; a full buffer sheds and counts (%s client)",
  async (kind) => {
    await withSink(
      kind,
      { batchSize: 10, flushMs: 10_000, bufferMax: 25, maxInFlight: 1 },
      async (sink, stub) => {
        for (let i = 0; i < 40; i++) sink.record(trace(i));
        // 10 went out at once (one write in flight); 25 fit the buffer; 5 were shed.
        expect(sink.stats().shed).toBe(5);
        await sink.flush();
        expect(sink.stats()).toMatchObject({ written: 35, shed: 5, queued: 0, failedWrites: 0 });
        expect(stub.traces.map((t) => t.callId)).toHaveLength(35);
        expect(stub.traces[0]?.callId).toBe("c-0");
      },
    );
  },
);

test.each(KINDS)("a failed write counts its traces as shed and never throws (%s client)", async (kind) => {
  const lambda = makeInvoker(kind, { endpoint: "http://127.0.0.1:9", region: "us-east-1" });
  try {
    const sink = new LambdaTraceSink(lambda, "ringflow-traces", { batchSize: 2, flushMs: 5, bufferMax: 10 });
    sink.record(trace(1));
    sink.record(trace(2));
    await sink.flush();
    expect(sink.stats()).toMatchObject({ written: 0, shed: 2, failedWrites: 1 });
  } finally {
    await lambda.close();
  }
});

test("builder keeps the schema's limits and marks cut messages", () => {
  const b = new TraceBuilder("c", "a", "b", undefined, 0);
  for (let i = 0; i < 510; i++) {
    b.addSip({
      at: i,
      dir: "in",
      transport: "udp",
      local: "l",
      remote: "r",
      leg: "a",
      summary: "X",
      raw: "x",
    });
  }
  b.addSip({ at: 0, dir: "in", transport: "udp", local: "l", remote: "r", leg: "a", summary: "X", raw: "x" });
  expect(b.sip).toHaveLength(500);
  expect(b.droppedSip).toBe(11);
  const c = new TraceBuilder("c", "a", "b", undefined, 0);
  c.addSip({
    at: 0,
    dir: "in",
    transport: "udp",
    local: "l",
    remote: "r",
    leg: "a",
    summary: "X",
    raw: "y".repeat(70_000),
  });
  expect(c.sip[0]?.truncated).toBe(true);
  expect(c.sip[0]?.raw).toHaveLength(65_536);
});

test.each(KINDS)(
  "after close a trace is counted as shed and nothing more is written (%s client)",
  async (kind) => {
    await withSink(kind, { batchSize: 10, flushMs: 5, bufferMax: 10 }, async (sink, stub) => {
      sink.record(trace(1));
      await sink.close();
      sink.record(trace(2));
      // Shed at once and nothing queued: there is nothing left that could be written later.
      expect(sink.stats()).toMatchObject({ written: 1, shed: 1, queued: 0 });
      expect(stub.traces.map((t) => t.callId)).toEqual(["c-1"]);
    });
  },
);
