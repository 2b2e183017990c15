import type { Schedule } from "@ringflow/flow";
import { evaluateSchedule } from "@ringflow/flow";
import { receptionFlow } from "../core/testflow.js";
import { daysWords, describeAction, hoursRule, targetWords } from "./explain.js";
import { forwardOutcome, pressDigits, startSim } from "./session.js";

const opts = (iso: string) => ({ at: new Date(iso), from: "+15550100", to: "+15550199" });
const schedule = (): Schedule => {
  const n = receptionFlow().nodes.hours;
  if (n?.type !== "hours") throw new Error("no hours node");
  return n.schedule;
};

test("days read as runs", () => {
  expect(daysWords(["mon", "tue", "wed", "thu", "fri"])).toBe("Mon–Fri");
  expect(daysWords(["sat"])).toBe("Sat");
  expect(daysWords(["sun", "mon", "wed"])).toBe("Mon, Wed, Sun");
  expect(daysWords(["fri", "sat"])).toBe("Fri, Sat");
});

test("the hours rule names the range, the holiday or why it is closed, and agrees with the interpreter", () => {
  const cases: [string, string][] = [
    ["2026-03-02T15:00:00Z", "Open: Mon–Fri 09:00–17:00"], // Monday 10:00 New York
    ["2026-03-07T16:00:00Z", "Open: Sat 10:00–13:00"], // Saturday 11:00
    ["2026-12-25T15:00:00Z", "Holiday: Christmas"], // Friday 10:00, but Christmas
    ["2026-03-03T01:30:00Z", "Closed: Mon 20:30 is outside opening hours"], // Monday 20:30
    ["2026-12-24T15:00:00Z", "Open: Christmas Eve 09:00–12:00"], // half day, 10:00
    ["2026-12-24T18:00:00Z", "Holiday: Christmas Eve (13:00, outside its hours)"],
  ];
  for (const [iso, why] of cases) {
    const r = hoursRule(schedule(), new Date(iso));
    expect(r.why).toBe(why);
    expect(r.output).toBe(evaluateSchedule(schedule(), new Date(iso)));
  }
});

test("closed and holiday give different transcripts and light only the chosen one of the parallel edges", () => {
  const holiday = startSim(receptionFlow(), opts("2026-12-25T15:00:00Z"));
  const closed = startSim(receptionFlow(), opts("2026-03-03T01:30:00Z"));
  expect(holiday.path).toEqual(closed.path); // same nodes: both outputs go to the closed message
  expect(holiday.steps[0]?.hops.map((h) => [h.from, h.why, h.to])).toEqual([
    ["start", "", "hours"],
    ["hours", "Holiday: Christmas", "closed-msg"],
    ["closed-msg", "", "voicemail"],
    ["voicemail", "", "bye"],
  ]);
  expect(closed.steps[0]?.hops[1]?.why).toBe("Closed: Mon 20:30 is outside opening hours");
  expect(holiday.edges).toContain("hours:holiday");
  expect(holiday.edges).not.toContain("hours:closed");
  expect(closed.edges).toContain("hours:closed");
  expect(closed.edges).not.toContain("hours:holiday");
});

test("an answer decides the output of the node that waited: press 1, then busy (not no answer)", () => {
  let s = startSim(receptionFlow(), opts("2026-03-02T15:00:00Z"));
  s = pressDigits(s, "1");
  expect(s.steps[1]?.hops.map((h) => [h.output, h.why])).toEqual([["1", "press 1"]]);
  s = forwardOutcome(s, "busy");
  expect(s.steps[2]?.hops[0]).toMatchObject({
    from: "sales",
    output: "busy",
    why: "busy",
    edge: "sales:busy",
  });
  expect(s.edges).not.toContain("sales:noAnswer");
  expect(s.edges).not.toContain("sales:failed");
});

test("targets are shown as written, never on the simulator's placeholder host", () => {
  let s = startSim(receptionFlow(), opts("2026-03-02T15:00:00Z"));
  s = pressDigits(s, "1");
  const ring = s.steps[1]?.actions.find((a) => a.type === "bridge");
  if (!ring) throw new Error("no bridge");
  const line = describeAction(ring);
  expect(line).toBe("Ring sip:alice@127.0.0.1:5070, then +15550111 (20s)");
  expect(line).not.toContain("ringflow.invalid");
  expect(targetWords("sip:+15550111@trunk.example.com;user=phone")).toBe("+15550111 via trunk.example.com");
});
