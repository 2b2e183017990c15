// `pnpm bench flow`: the flow engine against JSON floors measured in the same run.
//  1. validating a 2,000-node flow (Twilio Studio's limit) vs JSON.parse of the same text (goal < 10x);
//  2. one decision, `step` with state decode and encode, on a 200-node flow vs JSON.parse of the event
//     plus JSON.stringify of the answer (goal < 5x).
import { type DecisionEvent, Flow, type FlowInput, step, validateFlow } from "@ringflow/flow";
import { report } from "./report.js";

const quick = process.argv.includes("--quick");

/** A wired, valid flow of `size` nodes: a forward-only mix of every node kind ending in hangups. */
function syntheticFlow(size: number): FlowInput {
  const nodes: FlowInput["nodes"] = { start: { type: "start", next: "n0" }, bye: { type: "hangup" } };
  const n = size - 2;
  const id = (i: number) => (i < n ? `n${i}` : "bye");
  for (let i = 0; i < n; i++) {
    const next = id(i + 1);
    const skip = id(i + 2);
    switch (i % 10) {
      case 0:
        nodes[id(i)] = {
          type: "menu",
          prompt: { text: "For sales press 1, for support press 2, for the directory press 3." },
          options: { "1": next, "2": skip, "3": next },
          noInputPrompt: { text: "Sorry?" },
          failure: "bye",
        };
        break;
      case 1:
        nodes[id(i)] = {
          type: "hours",
          schedule: {
            timeZone: i % 20 === 1 ? "America/New_York" : "Europe/London",
            weekly: [
              { days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00" },
              { days: ["sat"], start: "10:00", end: "13:00" },
            ],
            exceptions: [
              { name: "Christmas", month: 12, day: 25 },
              { name: "Eve", month: 12, day: 24, kind: "hours", ranges: [{ start: "09:00", end: "12:00" }] },
              { name: "Closure", date: "2026-08-14" },
            ],
          },
          open: next,
          closed: skip,
          holiday: skip,
        };
        break;
      case 2:
        nodes[id(i)] = {
          type: "switch",
          cases: [
            { when: { subject: "caller", op: "startsWith", value: "+1555" }, next },
            { when: { subject: "var:tier", op: "in", value: "gold,platinum" }, next: skip },
          ],
          default: next,
        };
        break;
      case 3:
        nodes[id(i)] = { type: "set", assign: { tier: "basic", seen: "{caller}" }, next };
        break;
      case 4:
        nodes[id(i)] = {
          type: "forward",
          mode: "bridge",
          targets: [{ uri: "sip:alice@10.0.0.1:5070", timeoutSec: 15 }, { uri: "+15550111" }],
          answered: "bye",
          busy: next,
          noAnswer: next,
          failed: skip,
        };
        break;
      case 5:
        nodes[id(i)] = { type: "play", prompt: { text: "Please hold." }, next };
        break;
      case 6:
        nodes[id(i)] = {
          type: "collect",
          prompt: { text: "Enter your account number." },
          variable: "account",
          minDigits: 4,
          maxDigits: 8,
          terminator: "#",
          next,
          timeout: skip,
        };
        break;
      case 7:
        nodes[id(i)] = {
          type: "switch",
          split: [
            { percent: 50, next },
            { percent: 50, next: skip },
          ],
        };
        break;
      case 8:
        nodes[id(i)] = {
          type: "decision",
          function: "vip-check",
          routes: { vip: next, std: skip },
          error: next,
          timeout: next,
        };
        break;
      default:
        nodes[id(i)] = { type: "voicemail", mailbox: "main", next };
    }
  }
  const layout = Object.fromEntries(
    Object.keys(nodes).map((k, i) => [k, { x: (i % 20) * 200, y: Math.floor(i / 20) * 120 }]),
  );
  return {
    version: 1,
    name: "bench",
    entry: "start",
    nodes,
    settings: { fallback: { type: "hangup", status: 480 } },
    layout,
  };
}

/**
 * Time `ours` against `floor` in interleaved batches (the machine's load hits both alike): the median
 * time per call of each in microseconds, and the median of the per-round ratios.
 */
function race(ours: () => unknown, floor: () => unknown, batch: number, rounds: number) {
  const batchUs = (fn: () => unknown) => {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    return ((performance.now() - t0) * 1000) / batch;
  };
  batchUs(ours);
  batchUs(floor);
  const o: number[] = [];
  const f: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const fu = batchUs(floor);
    const ou = batchUs(ours);
    o.push(ou);
    f.push(fu);
    ratios.push(ou / fu);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { oursUs: median(o), floorUs: median(f), ratio: median(ratios) };
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

// 1. validation of 2,000 nodes vs JSON.parse of the text.
const bigText = JSON.stringify(syntheticFlow(2000));
const bigDoc = JSON.parse(bigText);
const issues = validateFlow(bigDoc);
if (issues.length > 0) throw new Error(`bench flow is not valid: ${JSON.stringify(issues.slice(0, 3))}`);
let sink = 0;
const v = race(
  () => (sink += validateFlow(bigDoc).length),
  () => (sink += JSON.parse(bigText).version),
  quick ? 3 : 10,
  quick ? 7 : 21,
);
const [validateUs, parseUs, validateRatio] = [v.oursUs, v.floorUs, v.ratio];
console.log(
  `validate 2000 nodes (${Math.round(bigText.length / 1024)} KiB): ${round(validateUs / 1000)} ms vs JSON.parse ${round(parseUs / 1000)} ms = ${round(validateRatio)}x (goal < 10x)`,
);

// 2. one decision on a 200-node flow: a caller at the first menu presses 1; the step walks
//    hours, switch, set into a bridge and encodes the new state.
const flow = Flow.parse(syntheticFlow(200));
const call = {
  id: "c0ffee-1234",
  from: "sip:+15550100@198.51.100.7",
  to: "sip:+15550199@ringflow.test",
  requestUri: "sip:+15550199@ringflow.test",
  sourceIp: "198.51.100.7",
  receivedAt: "2026-03-02T15:00:00.000Z",
  headers: { "user-agent": "SIPp" },
};
const now = new Date("2026-03-02T15:00:05Z");
const first = step(flow, undefined, { v: 1, type: "call.new", call }, now);
const event: DecisionEvent = {
  v: 1,
  type: "collect.done",
  call,
  state: first.state,
  data: { digits: "1", reason: "complete" },
};
const answerOf = (r: ReturnType<typeof step>) => ({
  actions: r.actions,
  state: r.state,
  trace: { path: r.path },
});
const probe = step(flow, first.state, event, now);
if (probe.actions[0]?.type !== "bridge") throw new Error(`unexpected bench path ${probe.path.join(",")}`);
const eventText = JSON.stringify(event);
const answer = answerOf(probe);
const batch = quick ? 2000 : 10_000;
const rounds = quick ? 7 : 21;
const d = race(
  () => (sink += step(flow, first.state, event, now).state.length),
  () => (sink += JSON.parse(eventText).v + JSON.stringify(answer).length),
  batch,
  rounds,
);
const [stepUs, floorUs, decisionRatio] = [d.oursUs, d.floorUs, d.ratio];
if (sink === 42) console.log("");

report({
  bench: "flow",
  unit: "x (ratio to the JSON floor measured beside it)",
  ours: round(decisionRatio),
  peers: { "JSON.parse(event)+JSON.stringify(answer)": 1 },
  goal: "decision < 5x; validate 2,000 nodes < 10x",
  decision: { stepUs: round(stepUs), floorUs: round(floorUs), ratio: round(decisionRatio), nodes: 200 },
  validate: {
    ms: round(validateUs / 1000),
    parseMs: round(parseUs / 1000),
    ratio: round(validateRatio),
    nodes: 2000,
  },
});
