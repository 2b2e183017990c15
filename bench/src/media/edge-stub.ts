// The edge-driven media bench's stand-ins for the local stack, in one process of its own so its
// CPU is not the edge's: a Lambda Invoke endpoint (ringflow-decision answers every call with a
// collect whose prompt is the bench WAV, and every collect.done with the same collect again, so
// each call loops a prompt and listens for digits; ringflow-traces counts) and the one S3 GET the
// edge makes (path style: GET /<bucket>/<key> serves the WAV given as argv[2]).
// Prints {"ready":true,"port":N}; on "report\n" on stdin prints {"done":{code: wall ms}} for
// every collect.done with digits (the code is the digits; the time is when the decision arrived).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

export const BENCH_PROMPT_KEY = "bench/prompt.wav";
const wav = readFileSync(process.argv[2] as string);
/** maxDigits: each stream presses its own 4-digit code (media.bench.ts), so a result names its stream. */
const collect = JSON.stringify({
  actions: [
    {
      type: "collect",
      prompt: { audio: BENCH_PROMPT_KEY },
      maxDigits: 4,
      firstDigitTimeoutMs: 60_000,
      interDigitTimeoutMs: 5_000,
    },
  ],
  state: "bench",
  trace: { tenantId: "bench", flowId: "bench-media", version: 1, path: ["menu"] },
});
const wall = () => performance.timeOrigin + performance.now();
let done: Record<string, number> = {};
let decisions = 0;
let traces = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const url = req.url ?? "";
    if (req.method === "GET" || req.method === "HEAD") {
      if (!url.split("?")[0]?.endsWith(`/${BENCH_PROMPT_KEY}`)) {
        res.writeHead(404, { "content-type": "application/xml" });
        res.end("<Error><Code>NoSuchKey</Code></Error>");
        return;
      }
      res.writeHead(200, { "content-type": "audio/wav", "content-length": wav.length });
      res.end(req.method === "GET" ? wav : undefined);
      return;
    }
    const body = Buffer.concat(chunks).toString("utf8");
    res.writeHead(200, { "content-type": "application/json" });
    if (url.includes("/functions/ringflow-traces/")) {
      const n = (JSON.parse(body) as { traces: unknown[] }).traces.length;
      traces += n;
      res.end(`{"stored":${n}}`);
      return;
    }
    decisions++;
    const event = JSON.parse(body) as { type: string; data?: { digits?: string } };
    if (event.type === "collect.done" && event.data?.digits) done[event.data.digits] = wall();
    res.end(
      event.type === "call.new" || event.type === "collect.done" ? collect : '{"actions":[],"state":""}',
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const a = server.address();
  console.log(JSON.stringify({ ready: true, port: typeof a === "object" && a ? a.port : 0 }));
});
let buf = "";
process.stdin.on("data", (d) => {
  buf += d.toString();
  for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (line === "report") {
      console.log(JSON.stringify({ done, decisions, traces }));
      done = {};
    }
  }
});
process.stdin.on("end", () => process.exit(0));
