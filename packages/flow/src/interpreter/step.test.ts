import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Flow, type FlowInput } from "../schema/flow.js";
import { callInfo, events } from "../testing/events.js";
import { doc, hangup, say, start } from "../testing/flows.js";
import { decodeState } from "./state.js";
import { step } from "./step.js";
import type { StepEvent, StepResult } from "./types.js";

const reception = Flow.parse(
  JSON.parse(readFileSync(join(process.cwd(), "examples", "reception.flow.json"), "utf8")),
);
const OPEN = new Date("2026-03-02T15:00:00Z"); // Monday 10:00 in New York
const CLOSED = new Date("2026-03-02T23:00:00Z"); // Monday 18:00
const call = callInfo();
const ev = events(call);

/** Drive a flow through events, returning every step's result. */
function drive(flow: Flow, script: StepEvent[], now = OPEN): StepResult[] {
  let state: string | undefined;
  return script.map((e) => {
    const r = step(flow, state, e, now);
    state = r.state;
    return r;
  });
}

test("an open-hours call hears the menu, picks sales, gets a hunt, busy goes to voicemail, then BYE", () => {
  const [a, b, c, d] = drive(reception, [ev.new(), ev.digits("1"), ev.bridged("busy"), ev.recorded()]);
  expect(a).toMatchObject({ path: ["start", "hours", "menu"], ended: false, awaiting: "collect" });
  expect(a?.actions).toEqual([
    { type: "answer" },
    {
      type: "collect",
      prompt: { text: "Welcome to Ringflow. For sales press 1. For support press 2.", language: "en-US" },
      minDigits: 1,
      maxDigits: 1,
      firstDigitTimeoutMs: 5000,
      interDigitTimeoutMs: 3000,
    },
  ]);
  expect(b?.path).toEqual(["sales"]);
  expect(b?.actions).toEqual([
    {
      type: "bridge",
      targets: [
        { uri: "sip:alice@127.0.0.1:5070", timeoutSec: 15 },
        { uri: "sip:+15550111@ringflow.test;user=phone" },
      ],
      strategy: "sequential",
      ringTimeoutSec: 20,
    },
  ]);
  expect(c).toMatchObject({ path: ["voicemail"], awaiting: "record" });
  expect(c?.actions).toEqual([{ type: "record", mailbox: "reception", maxLengthSec: 120, beep: true }]);
  // Answered already: the hangup is a BYE, no status.
  expect(d).toMatchObject({ path: ["bye"], actions: [{ type: "hangup" }], ended: true });
});

test("after hours the caller hears the closed message, then voicemail", () => {
  const late = events(callInfo({ receivedAt: CLOSED.toISOString() }));
  const [a, b] = drive(reception, [late.new(), late.played()], CLOSED);
  expect(a?.path).toEqual(["start", "hours", "closed-msg"]);
  expect(a?.actions.map((x) => x.type)).toEqual(["answer", "play"]);
  expect(b?.path).toEqual(["voicemail"]);
  expect(b?.actions.map((x) => x.type)).toEqual(["record"]);
});

test("a redirect after the call was answered bridges instead (a 302 cannot follow a 200)", () => {
  const f = Flow.parse(
    doc({
      start: start("p"),
      p: say("connecting", "r"),
      r: { type: "forward", mode: "redirect", targets: [{ uri: "sip:support@127.0.0.1:5070" }] },
    }),
  );
  const [, b, c] = drive(f, [ev.new(), ev.played(), ev.bridged("answered")]);
  expect(b).toMatchObject({
    ended: false,
    actions: [{ type: "bridge", targets: [{ uri: "sip:support@127.0.0.1:5070" }] }],
  });
  expect(c).toMatchObject({ ended: true, actions: [] });
});

test("a redirect before answer is a 302 with descending q-values for a sequential list", () => {
  const f = Flow.parse(
    doc(
      {
        start: start("r"),
        r: { type: "forward", mode: "redirect", targets: [{ uri: "sip:a@h" }, { uri: "+15551234567" }] },
      },
      { trunkHost: "trunk.example:5080" },
    ),
  );
  expect(step(f, undefined, ev.new(), OPEN)).toMatchObject({
    ended: true,
    actions: [
      {
        type: "redirect",
        status: 302,
        contacts: [
          { uri: "sip:a@h", q: 1 },
          { uri: "sip:+15551234567@trunk.example:5080;user=phone", q: 0.9 },
        ],
      },
    ],
  });
});

test("menu: no input and no match replay with their prompts, then the failure output", () => {
  const r = drive(reception, [
    ev.new(),
    ev.silence(),
    ev.played(),
    ev.digits("9"),
    ev.played(),
    ev.digits("7"),
  ]);
  expect(r[1]?.actions).toEqual([
    { type: "play", prompt: { text: "Sorry, I did not hear anything.", language: "en-US" } },
  ]);
  expect(r[1]?.awaiting).toBe("play");
  expect(r[2]?.actions.map((a) => a.type)).toEqual(["collect"]);
  expect(r[3]?.actions).toEqual([
    { type: "play", prompt: { text: "Sorry, that is not an option.", language: "en-US" } },
  ]);
  expect(r[4]?.path).toEqual([]);
  expect(r[5]?.path).toEqual(["voicemail"]);
});

test("an unwired output takes the flow's fallback; without one, 480", () => {
  const f = (settings?: FlowInput["settings"]) => Flow.parse(doc({ start: start() }, settings));
  expect(step(f(), undefined, ev.new(), OPEN).actions).toEqual([
    { type: "hangup", status: 480, reason: "No route" },
  ]);
  expect(step(f({ fallback: { type: "hangup", status: 503 } }), undefined, ev.new(), OPEN).actions).toEqual([
    { type: "hangup", status: 503 },
  ]);
  expect(
    step(f({ fallback: { type: "forward", uri: "+15551234567" } }), undefined, ev.new(), OPEN),
  ).toMatchObject({
    ended: true,
    actions: [{ type: "redirect", contacts: [{ uri: "sip:+15551234567@ringflow.test;user=phone" }] }],
  });
  const viaNode = Flow.parse(
    doc({ start: start(), fb: hangup() }, { fallback: { type: "node", node: "fb" } }),
  );
  expect(step(viaNode, undefined, ev.new(), OPEN)).toMatchObject({ path: ["start", "fb"], ended: true });
});

test("a forward fallback after answer bridges, and the flow ends whatever the bridge did", () => {
  const f = Flow.parse(
    doc({ start: start("p"), p: say("hello") }, { fallback: { type: "forward", uri: "sip:desk@pbx.test" } }),
  );
  const [, b, c] = drive(f, [ev.new(), ev.played(), ev.bridged("noAnswer")]);
  expect(b).toMatchObject({
    ended: false,
    actions: [{ type: "bridge", targets: [{ uri: "sip:desk@pbx.test" }] }],
  });
  expect(c).toMatchObject({ ended: true, actions: [{ type: "hangup" }] });
});

test("an answered bridge with its answered output unwired just ends; rejected counts as busy", () => {
  const f = Flow.parse(
    doc({
      start: start("fw"),
      fw: {
        type: "forward",
        mode: "bridge",
        targets: [{ uri: "+15551234567" }],
        busy: "b",
        noAnswer: "b",
        failed: "b",
      },
      b: { type: "hangup", status: 486 },
    }),
  );
  expect(drive(f, [ev.new(), ev.bridged("answered")])[1]).toMatchObject({
    actions: [],
    ended: true,
    path: [],
  });
  expect(drive(f, [ev.new(), ev.bridged("rejected")])[1]).toMatchObject({
    actions: [{ type: "hangup", status: 486 }],
    path: ["b"],
  });
  expect(drive(f, [ev.new(), ev.failed("bridge")])[1]?.path).toEqual(["b"]);
});

test("the step cap ends a caller who loops through a menu forever, and not via the fallback node", () => {
  const f = Flow.parse(
    doc(
      {
        start: start("m"),
        m: { type: "menu", prompt: { text: "again?" }, options: { "1": "m" }, failure: "fb" },
        fb: start("m"),
      },
      { limits: { maxSteps: 10 }, fallback: { type: "node", node: "fb" } },
    ),
  );
  let r = step(f, undefined, ev.new(), OPEN);
  let events = 1;
  while (!r.ended && events < 50) {
    r = step(f, r.state, ev.digits("1"), OPEN);
    events++;
  }
  expect(r.ended).toBe(true);
  expect(r.actions).toEqual([{ type: "hangup", reason: "Step limit reached" }]);
  expect(decodeState(r.state)?.n).toBe(10);
});

test("a decision node asks for the customer's function and routes by its answer", () => {
  const f = Flow.parse(
    doc({
      start: start("s"),
      s: { type: "set", assign: { tier: "basic" }, next: "d" },
      d: {
        type: "decision",
        function: "vip-check",
        timeoutMs: 800,
        routes: { vip: "v", std: "x" },
        error: "e",
        timeout: "t",
      },
      v: { type: "hangup", reason: "vip" },
      x: { type: "hangup", reason: "std" },
      e: { type: "hangup", reason: "err" },
      t: { type: "hangup", reason: "slow" },
    }),
  );
  const first = step(f, undefined, ev.new(), OPEN);
  expect(first).toMatchObject({ actions: [], ended: false, awaiting: "decision", path: ["start", "s", "d"] });
  expect(first.invoke).toEqual({
    function: "vip-check",
    timeoutMs: 800,
    nodeId: "d",
    request: { v: 1, call, node: "d", variables: { tier: "basic" } },
  });
  const reason = (e: StepEvent) => (step(f, first.state, e, OPEN).actions[0] as { reason?: string }).reason;
  expect(reason(ev.decided("vip", { tier: "gold" }))).toBe("vip");
  expect(decodeState(step(f, first.state, ev.decided("vip", { tier: "gold" }), OPEN).state)?.vars).toEqual({
    tier: "gold",
  });
  expect(reason(ev.decided("nope"))).toBe("err");
  expect(reason(ev.decisionFailed("invalid"))).toBe("err");
  expect(reason(ev.decisionFailed("timeout"))).toBe("slow");
});

test("collect stores digits in its variable; too few digits take the timeout output; switch reads them", () => {
  const f = Flow.parse(
    doc({
      start: start("c"),
      c: {
        type: "collect",
        prompt: { audio: "pin.wav" },
        variable: "pin",
        minDigits: 4,
        maxDigits: 6,
        terminator: "#",
        next: "sw",
        timeout: "t",
      },
      sw: {
        type: "switch",
        cases: [{ when: { subject: "var:pin", op: "equals", value: "1234" }, next: "ok" }],
        default: "t",
      },
      ok: { type: "hangup", reason: "ok" },
      t: { type: "hangup", reason: "no" },
    }),
  );
  const [a, b] = drive(f, [ev.new(), ev.digits("1234#", "terminator")]);
  expect(a?.actions[1]).toEqual({
    type: "collect",
    prompt: { audio: "pin.wav" },
    minDigits: 4,
    maxDigits: 6,
    firstDigitTimeoutMs: 5000,
    interDigitTimeoutMs: 3000,
    terminator: "#",
  });
  expect(b?.path).toEqual(["sw", "ok"]);
  expect(drive(f, [ev.new(), ev.digits("12", "timeout")])[1]?.path).toEqual(["t"]);
});

test("a percentage split is deterministic per call and follows the weights across calls", () => {
  const f = Flow.parse(
    doc({
      start: start("sw"),
      sw: {
        type: "switch",
        split: [
          { percent: 30, next: "a" },
          { percent: 70, next: "b" },
        ],
      },
      a: { type: "hangup", reason: "a" },
      b: { type: "hangup", reason: "b" },
    }),
  );
  const pick = (id: string) => step(f, undefined, events(callInfo({ id })).new(), OPEN).path[2];
  expect(pick("x1")).toBe(pick("x1"));
  const n = 2000;
  let a = 0;
  for (let i = 0; i < n; i++) if (pick(`call-${i}`) === "a") a++;
  expect(a / n).toBeGreaterThan(0.26);
  expect(a / n).toBeLessThan(0.34);
});

test("switch on the caller, and set substitutes call fields", () => {
  const f = Flow.parse(
    doc({
      start: start("sw"),
      sw: {
        type: "switch",
        cases: [{ when: { subject: "caller", op: "startsWith", value: "+1555" }, next: "s" }],
        default: "x",
      },
      s: { type: "set", assign: { who: "{caller} -> {called}" }, next: "x" },
      x: hangup(),
    }),
  );
  const r = step(f, undefined, ev.new(), OPEN);
  expect(r.path).toEqual(["start", "sw", "s", "x"]);
  expect(decodeState(r.state)?.vars).toEqual({ who: "+15550100 -> +15550199" });
});

test("switch caller equals reads the caller as routing does: sip:15550100 is +15550100, escapes are safe", () => {
  const f = Flow.parse(
    doc({
      start: start("sw"),
      sw: {
        type: "switch",
        cases: [{ when: { subject: "caller", op: "equals", value: "+15550100" }, next: "s" }],
        default: "x",
      },
      s: { type: "set", assign: { who: "{caller}" }, next: "x" },
      x: hangup(),
    }),
  );
  const bare = events(callInfo({ from: '"Ann" <sip:15550100@198.51.100.7>;tag=1' }));
  expect(step(f, undefined, bare.new(), OPEN).path).toEqual(["start", "sw", "s", "x"]);
  const escaped = events(callInfo({ from: "<sip:alice%FF@198.51.100.7>;tag=1" }));
  const r = step(f, undefined, escaped.new(), OPEN);
  expect(r.path).toEqual(["start", "sw", "x"]);
});

test("call.ended returns no actions; so does any event after the end", () => {
  const [a, b] = drive(reception, [ev.new(), ev.ended()]);
  expect(a?.ended).toBe(false);
  expect(b).toEqual({ actions: [], state: expect.any(String), path: [], ended: true });
  expect(step(reception, b?.state, ev.digits("1"), OPEN)).toMatchObject({ actions: [], ended: true });
});

test("a lost or forged state and an unexpected event take the fallback", () => {
  expect(step(reception, "garbage", ev.digits("1"), OPEN).actions).toEqual([
    { type: "hangup", status: 480, reason: "Temporarily unavailable" },
  ]);
  expect(step(reception, JSON.stringify({ v: 9, n: 0 }), ev.digits("1"), OPEN).ended).toBe(true);
  const a = step(reception, undefined, ev.new(), OPEN);
  expect(step(reception, a.state, ev.bridged("busy"), OPEN).actions).toEqual([
    { type: "hangup", reason: "Temporarily unavailable" },
  ]);
});

test("the call time limit hangs up; the state stays under the protocol's 16 KiB cap", () => {
  const a = step(reception, undefined, ev.new(), OPEN);
  const late = new Date(OPEN.getTime() + 3601_000);
  expect(step(reception, a.state, ev.digits("1"), late).actions).toEqual([
    { type: "hangup", reason: "Call time limit reached" },
  ]);
  const f = Flow.parse(
    doc({
      start: start("d"),
      d: { type: "decision", function: "f", routes: { a: "d" }, error: "x", timeout: "x" },
      x: hangup(),
    }),
  );
  let r = step(f, undefined, ev.new(), OPEN);
  for (let round = 0; round < 3 && !r.ended; round++) {
    const variables = Object.fromEntries(
      Array.from({ length: 32 }, (_, i) => [`v${round}_${i}`, "x".repeat(256)]),
    );
    r = step(f, r.state, ev.decided("a", variables), OPEN);
    expect(r.state.length).toBeLessThanOrEqual(16_384);
  }
  expect(r).toMatchObject({ ended: true, actions: [{ type: "hangup", reason: "Call state too large" }] });
});

test("pattern-heavy switches on a hostile caller end within the work cap, in bounded time", () => {
  // 50 cases of a 500-character pattern, in a loop of switches: without the cap this is minutes.
  const heavy = `^(${"(a+)+".repeat(40)})${"x".repeat(500 - 2 - 5 * 40 - 2)}$`.slice(0, 500);
  const cases = Array.from({ length: 50 }, () => ({
    when: { subject: "caller" as const, op: "matches" as const, value: heavy },
    next: "x",
  }));
  const f = Flow.parse(
    doc(
      {
        start: start("sw"),
        sw: { type: "switch", cases, default: "sw2" },
        sw2: { type: "switch", cases, default: "sw" },
        x: hangup(),
      },
      { limits: { maxSteps: 10_000, maxCallSec: 3600 } },
    ),
  );
  const hostile = { ...callInfo(), from: `<sip:${"a".repeat(5000)}@10.0.0.9>;tag=1` };
  const started = process.hrtime.bigint();
  const r = step(f, undefined, { v: 1, type: "call.new", call: hostile }, OPEN);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  expect(r.ended).toBe(true);
  expect(r.actions).toEqual([{ type: "hangup", status: 480, reason: "Step limit reached" }]);
  expect(r.path.length).toBeLessThan(10);
  expect(ms).toBeLessThan(2000);
});
