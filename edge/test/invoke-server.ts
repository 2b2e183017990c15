import { createServer, type Server } from "node:http";
import type { CallTrace, DecisionEvent } from "@ringflow/flow/protocol";

// A tiny Lambda Invoke API for tests: `ringflow-decision` answers with whatever the test's
// handler returns (an answer object, a thrown error, a delay, or bytes that are not an
// answer), and `ringflow-traces` keeps the traces it is given.

export type Reply =
  | { answer: unknown; delayMs?: number }
  | { throw: string }
  | { raw: string }
  | { hang: true };

export interface InvokeStub {
  url: string;
  events: DecisionEvent[];
  traces: CallTrace[];
  close(): Promise<void>;
  /** Resolves once a trace for a call matching `pred` has been stored. */
  waitTrace(pred: (t: CallTrace) => boolean, timeoutMs?: number): Promise<CallTrace>;
}

export async function startInvokeStub(
  handler: (e: DecisionEvent) => Reply | Promise<Reply>,
): Promise<InvokeStub> {
  const events: DecisionEvent[] = [];
  const traces: CallTrace[] = [];
  const waiters: Array<{ pred: (t: CallTrace) => boolean; resolve: (t: CallTrace) => void }> = [];
  const hung = new Set<import("node:http").ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? "");
      const name = decodeURIComponent(m?.[1] ?? "");
      const body = Buffer.concat(chunks).toString("utf8");
      if (name === "ringflow-traces") {
        const { traces: batch } = JSON.parse(body) as { traces: CallTrace[] };
        for (const t of batch) {
          traces.push(t);
          for (const w of [...waiters]) {
            if (w.pred(t)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(t);
            }
          }
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ stored: batch.length }));
        return;
      }
      if (name !== "ringflow-decision") {
        res.writeHead(404, { "x-amzn-errortype": "ResourceNotFoundException" });
        res.end(JSON.stringify({ message: `Function not found: ${name}` }));
        return;
      }
      const event = JSON.parse(body) as DecisionEvent;
      events.push(event);
      const reply = await handler(event);
      if ("hang" in reply) {
        hung.add(res);
        return;
      }
      if ("throw" in reply) {
        res.writeHead(200, { "x-amz-function-error": "Unhandled", "content-type": "application/json" });
        res.end(JSON.stringify({ errorType: "Error", errorMessage: reply.throw }));
        return;
      }
      const send = (): void => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("raw" in reply ? reply.raw : JSON.stringify(reply.answer));
      };
      if ("answer" in reply && reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const a = server.address();
  const port = typeof a === "object" && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    traces,
    waitTrace: (pred, timeoutMs = 10_000) => {
      const found = traces.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error("no matching trace stored in time")), timeoutMs);
        waiters.push({
          pred,
          resolve: (tr) => {
            clearTimeout(t);
            resolve(tr);
          },
        });
      });
    },
    close: () =>
      new Promise<void>((r) => {
        for (const h of hung) h.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
