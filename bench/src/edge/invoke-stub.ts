// A local Lambda Invoke endpoint for the benchmark, in its own process so its CPU is not the
// edge's: `ringflow-decision` answers BENCH_ANSWER, `ringflow-traces` counts what it stores.
// Prints one JSON line {"ready":true,"port":N}; on SIGTERM prints {"traces":N} and exits.
import { createServer } from "node:http";
import { BENCH_ANSWER } from "./answer.js";

// `--bridge URI`: answer call.new with a bridge to URI instead (for the bridged-calls run).
const bridgeAt = process.argv.indexOf("--bridge");
const bridgeTo = bridgeAt > 0 ? process.argv[bridgeAt + 1] : undefined;
const body = JSON.stringify(
  bridgeTo ? { actions: [{ type: "bridge", targets: [{ uri: bridgeTo }] }], state: "b" } : BENCH_ANSWER,
);
const after = JSON.stringify({ actions: [], state: "" });
let traces = 0;
let decisions = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.url?.includes("/functions/ringflow-traces/")) {
      const n = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { traces: unknown[] }).traces.length;
      traces += n;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"stored":${n}}`);
      return;
    }
    decisions++;
    res.writeHead(200, { "content-type": "application/json" });
    const event = Buffer.concat(chunks).toString("utf8");
    res.end(bridgeTo && !event.includes('"type":"call.new"') ? after : body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const a = server.address();
  console.log(JSON.stringify({ ready: true, port: typeof a === "object" && a ? a.port : 0 }));
});
process.on("SIGTERM", () => {
  console.log(JSON.stringify({ traces, decisions }));
  process.exit(0);
});
