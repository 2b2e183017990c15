import { receptionFlow } from "../core/testflow.js";
import { decide, forwardOutcome, hangUp, pressDigits, SimError, startSim } from "./session.js";

const opts = (iso: string) => ({ at: new Date(iso), from: "+15550100", to: "+15550199" });

test("open hours: the menu waits for digits; 1 rings sales; no answer goes to voicemail and ends", () => {
  let s = startSim(receptionFlow(), opts("2026-03-02T15:00:00Z")); // Monday 10:00 New York
  expect(s.path).toEqual(["start", "hours", "menu"]);
  expect(s.awaiting).toBe("digits");
  s = pressDigits(s, "1");
  expect(s.path.at(-1)).toBe("sales");
  expect(s.awaiting).toBe("forward");
  s = forwardOutcome(s, "noAnswer");
  expect(s.path.slice(-2)).toEqual(["voicemail", "bye"]);
  expect(s.ended).toBe(true);
  expect(s.steps.map((x) => x.cause)).toEqual(["call arrives", "pressed 1", "forward noAnswer"]);
  expect(s.outcome).toMatchObject({ kind: "hangup" });
});

test("on 25 December at 10:00 in the flow's zone the holiday output is taken", () => {
  const s = startSim(receptionFlow(), opts("2026-12-25T15:00:00Z"));
  expect(s.path.slice(0, 3)).toEqual(["start", "hours", "closed-msg"]);
  // the closed message plays by itself, then the voicemail records by itself
  expect(s.path).toContain("voicemail");
  expect(s.ended).toBe(true);
});

test("answers out of turn are refused with a code", () => {
  const s = startSim(receptionFlow(), opts("2026-03-02T15:00:00Z"));
  expect(() => forwardOutcome(s, "busy")).toThrow(SimError);
  expect(() => decide(s, { output: "x" })).toThrow(SimError);
  const ended = hangUp(s);
  expect(ended.ended).toBe(true);
  expect(() => pressDigits(ended, "1")).toThrow(expect.objectContaining({ code: "ended" }));
});

test("a flow that does not parse cannot be simulated", () => {
  const f = receptionFlow();
  const bad = { ...f, nodes: { ...f.nodes, menu: { ...f.nodes.menu, prompt: { text: "" } } } } as typeof f;
  expect(() => startSim(bad, opts("2026-03-02T15:00:00Z"))).toThrow(SimError);
});
