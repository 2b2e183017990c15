// `pnpm bench decision`: (1) p50/p99 of a decision (call.new on the demo redirect number, version
// cached) through @aws-sdk/client-lambda against the local Invoke endpoint, against an echo
// function on the same server through the same client, and a bare fetch echo on the same server,
// all interleaved in the same run. Goal: decision p99 under 2x the echo's. (2) Draft save +
// publish per second through the HTTP API on dynalite, against dynalite's raw PutItem rate.
// (3) What keeping calls in progress costs a decision: the same handler on the same dynalite with
// and without the live-call store, interleaved, on calls that wait (call.new on the reception
// number, one PutItem) and end (call.ended, one DeleteItem).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createDecisionHandler,
  DynamoLiveCallStore,
  DynamoStore,
  invokeRaw,
  localDynamoClient,
  localLambdaClient,
  putRawItem,
  startLocalStack,
} from "@ringflow/functions";
import { percentile, report } from "./report.js";

const quick = process.argv.includes("--quick");
const ROUNDS = quick ? 10 : 40;
const PER_ROUND = 100;
const WRITE_MS = quick ? 2000 : 6000;

const dataDir = mkdtempSync(join(tmpdir(), "ringflow-bench-"));
const stack = await startLocalStack({
  dataDir,
  inMemory: true,
  receptionFile: join(process.cwd(), "examples", "reception.flow.json"),
});
const lambda = localLambdaClient(stack.urls.invoke);
stack.functions.set("bench-echo", async (e) => e);

const event = {
  v: 1,
  type: "call.new",
  call: {
    id: "bench-call",
    from: "<sip:+15550009@127.0.0.1:5070>;tag=1",
    to: "<sip:+15550101@127.0.0.1>",
    requestUri: "sip:+15550101@127.0.0.1:5060",
    sourceIp: "127.0.0.1",
    receivedAt: new Date().toISOString(),
    headers: {},
  },
};
const payload = Buffer.from(JSON.stringify(event));

const invokeOnce = async (name: string) => {
  const t = performance.now();
  const r = await invokeRaw(lambda, name, payload);
  const ms = performance.now() - t;
  if (r.functionError || r.payload.length === 0) throw new Error(`${name} failed`);
  return ms;
};
const fetchOnce = async () => {
  const t = performance.now();
  const r = await fetch(`${stack.urls.invoke}/echo`, { method: "POST", body: payload });
  await r.arrayBuffer();
  return performance.now() - t;
};

// Check the decision is the real thing before timing it.
const first = JSON.parse(
  Buffer.from((await invokeRaw(lambda, "ringflow-decision", payload)).payload).toString(),
) as { actions: { type: string }[] };
if (first.actions[0]?.type !== "redirect") throw new Error(`unexpected answer ${JSON.stringify(first)}`);

const samples: Record<"decision" | "echoInvoke" | "echoFetch", number[]> = {
  decision: [],
  echoInvoke: [],
  echoFetch: [],
};
for (let i = 0; i < 300; i++) {
  await invokeOnce("ringflow-decision");
  await invokeOnce("bench-echo");
  await fetchOnce();
}
for (let r = 0; r < ROUNDS; r++) {
  for (let i = 0; i < PER_ROUND; i++) samples.decision.push(await invokeOnce("ringflow-decision"));
  for (let i = 0; i < PER_ROUND; i++) samples.echoInvoke.push(await invokeOnce("bench-echo"));
  for (let i = 0; i < PER_ROUND; i++) samples.echoFetch.push(await fetchOnce());
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: +percentile(s, 50).toFixed(3), p99: +percentile(s, 99).toFixed(3) };
};
const d = stats(samples.decision);
const ei = stats(samples.echoInvoke);
const ef = stats(samples.echoFetch);
console.log(`decision via Invoke client: p50 ${d.p50} ms, p99 ${d.p99} ms (n=${samples.decision.length})`);
console.log(`echo via Invoke client:     p50 ${ei.p50} ms, p99 ${ei.p99} ms`);
console.log(`echo via bare fetch:        p50 ${ef.p50} ms, p99 ${ef.p99} ms`);

// (2) Draft save + publish through the API, vs raw PutItem into the same dynalite.
const key = stack.seed!.apiKey;
const api = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.urls.api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const doc = (await (
  await fetch(`${stack.urls.api}/v1/flows/reception`, { headers: { Authorization: `Bearer ${key}` } })
).json()) as {
  flow: Record<string, unknown>;
};
const created = (await (await api("POST", "/v1/flows?id=bench", doc.flow)).json()) as { revision: number };
let revision = created.revision;
const savePublish = async () => {
  const body = { ...doc.flow, description: `rev ${revision}` };
  const saved = await api("PUT", "/v1/flows/bench", body, { "If-Match": `"${revision}"` });
  if (saved.status !== 200) throw new Error(`save ${saved.status}`);
  revision = ((await saved.json()) as { revision: number }).revision;
  const pub = await api("POST", "/v1/flows/bench/versions", { message: "bench" });
  if (pub.status !== 201) throw new Error(`publish ${pub.status}`);
  await pub.arrayBuffer();
};
const dynamo = localDynamoClient(stack.urls.dynamodb);
const item = JSON.stringify(doc.flow);
let puts = 0;
const rawPut = () => putRawItem(dynamo, "ringflow", { pk: "BENCH", sk: `P#${puts++}`, doc: item });

// Interleaved 250 ms slices, so machine noise falls on both sides alike.
let pairs = 0;
let pairMs = 0;
let putCount = 0;
let putMs = 0;
const SLICE = 250;
for (let elapsed = 0; elapsed < WRITE_MS; elapsed += SLICE) {
  let t = performance.now();
  while (performance.now() - t < SLICE) {
    await savePublish();
    pairs++;
  }
  pairMs += performance.now() - t;
  t = performance.now();
  while (performance.now() - t < SLICE) {
    await rawPut();
    putCount++;
  }
  putMs += performance.now() - t;
}
const ourRate = pairs / (pairMs / 1000);
const putRate = putCount / (putMs / 1000);
console.log(
  `draft save + publish via API: ${ourRate.toFixed(1)}/s; dynalite raw PutItem: ${putRate.toFixed(1)}/s`,
);

// (3) The live-call write per decision, in process (no Invoke hop), same store, interleaved rounds.
const liveStore = new DynamoLiveCallStore({ client: dynamo, table: "ringflow" });
const flowStore = new DynamoStore({ client: dynamo, table: "ringflow" });
const handlers = {
  without: createDecisionHandler({ store: flowStore, routeTtlMs: 60_000 }),
  with: createDecisionHandler({ store: flowStore, routeTtlMs: 60_000, live: liveStore }),
};
const liveSamples = { without: [] as number[], with: [] as number[] };
let liveCalls = 0;
const waitingCall = async (which: "with" | "without", record: boolean) => {
  const call = {
    ...event.call,
    id: `live-${liveCalls++}`,
    to: "<sip:+15550100@127.0.0.1>",
    requestUri: "sip:+15550100@127.0.0.1:5060",
  };
  let t = performance.now();
  const a = await handlers[which]({ v: 1, type: "call.new", call });
  const newMs = performance.now() - t;
  if (!a.actions.some((x) => x.type === "play" || x.type === "collect"))
    throw new Error("the call did not wait");
  t = performance.now();
  await handlers[which]({ v: 1, type: "call.ended", call, state: a.state, data: { by: "caller" } });
  const endMs = performance.now() - t;
  if (record) liveSamples[which].push(newMs, endMs);
};
for (let i = 0; i < 200; i++) {
  await waitingCall("without", false);
  await waitingCall("with", false);
}
if ((await liveStore.listLiveCalls("demo")).length !== 0) throw new Error("live calls left behind");
for (let r = 0; r < ROUNDS; r++) {
  for (let i = 0; i < PER_ROUND / 2; i++) await waitingCall("without", true);
  for (let i = 0; i < PER_ROUND / 2; i++) await waitingCall("with", true);
}
const lw = stats(liveSamples.with);
const lo = stats(liveSamples.without);
console.log(
  `decision in process, calls that wait then end: without live calls p50 ${lo.p50} ms, p99 ${lo.p99} ms; with p50 ${lw.p50} ms, p99 ${lw.p99} ms (n=${liveSamples.with.length} each)`,
);

await stack.stop();
rmSync(dataDir, { recursive: true, force: true });

report({
  bench: "decision",
  unit: "ms (p99 of one decision through the Lambda Invoke client, loopback, version cached)",
  ours: d.p99,
  peers: { echoInvokeP99: ei.p99, echoFetchP99: ef.p99 },
  goal: "decision p99 < 2x echo p99 (same Invoke client, same server, same run)",
  met: d.p99 < 2 * ei.p99,
  ratioP99: +(d.p99 / ei.p99).toFixed(2),
  p50: { decision: d.p50, echoInvoke: ei.p50, echoFetch: ef.p50 },
  liveCalls: {
    unit: "ms per decision in process on dynalite (call.new that waits + call.ended), one write each",
    without: lo,
    with: lw,
    addedP50: +(lw.p50 - lo.p50).toFixed(3),
    addedP99: +(lw.p99 - lo.p99).toFixed(3),
  },
  writes: {
    unit: "per second",
    savePublishPairs: +ourRate.toFixed(1),
    dynalitePutItem: +putRate.toFixed(1),
    ratio: +(ourRate / putRate).toFixed(3),
  },
});
