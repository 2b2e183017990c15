// The edge answering from a decision it already holds in memory (no Invoke API, no traces):
// the SIP path alone, for `pnpm bench edge`. Prints {"ready":true,"port":N}.

import { Edge, loadConfig, MemoryTraceSink, tuneV8ForCalls } from "@ringflow/edge";
import type { DecisionAnswer } from "@ringflow/flow/protocol";
import { BENCH_ANSWER } from "./answer.js";

// As the edge's own entry (edge/src/main.ts) does.
tuneV8ForCalls();

const answer = BENCH_ANSWER as DecisionAnswer;
const config = loadConfig({}, [
  "--listen",
  `127.0.0.1:${process.argv[2] ?? "0"}`,
  "--no-protection",
  "--traces",
  "off",
]);
const edge = new Edge(config, {
  decisions: { decide: () => Promise.resolve({ ok: true, answer, latencyMs: 0 }) },
  traces: new MemoryTraceSink(false),
});
await edge.start();
console.log(JSON.stringify({ ready: true, port: edge.port }));
for (const s of ["SIGTERM", "SIGINT"] as const) process.on(s, () => process.exit(0));
