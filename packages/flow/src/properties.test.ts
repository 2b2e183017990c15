// Property tests: validation never throws, and the interpreter always reaches a terminal action
// within the step cap, whatever the flow's wiring and whatever the caller does.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { step } from "./interpreter/step.js";
import type { StepEvent, StepResult } from "./interpreter/types.js";
import { DecisionAnswer } from "./protocol/answer.js";
import { Flow } from "./schema/flow.js";
import { flowDoc, validFlowDoc } from "./testing/arbitraries.js";
import { callInfo } from "./testing/events.js";
import { parseFlow, validateFlow } from "./validate/validate.js";

// A fixed seed: a failure reproduces, and CI runs the same cases every time.
fc.configureGlobal({ seed: 0x5eed });

test("any value at all yields issues, never a throw", () => {
  fc.assert(
    fc.property(fc.anything(), (doc) => {
      expect(Array.isArray(validateFlow(doc))).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test("any document the schema accepts validates or yields issues with paths into it, never a throw", () => {
  let accepted = 0;
  let valid = 0;
  // Random wiring is rarely valid (0-5 in 500), so repaired documents are mixed in to exercise both sides every run.
  const doc = fc.oneof(flowDoc, validFlowDoc(validateFlow));
  fc.assert(
    fc.property(doc, (doc) => {
      const parsed = Flow.safeParse(doc);
      const issues = validateFlow(doc);
      if (!parsed.success) return;
      accepted++;
      for (const i of issues) {
        expect(typeof i.code).toBe("string");
        expect(["error", "warning"]).toContain(i.severity);
        expect(i.path.length).toBeGreaterThan(0);
      }
      if (!issues.some((i) => i.severity === "error")) valid++;
    }),
    { numRuns: 500 },
  );
  // The generator must exercise both sides.
  expect(accepted).toBeGreaterThan(250);
  expect(valid).toBeGreaterThan(0);
});

/** Random documents repaired into valid flows (repairs that fail are left out). */
const validFlow = validFlowDoc(validateFlow).map((d) => Flow.parse(d));

/** The event answering what a step waits for, chosen by `pick` from the plausible ones. */
function answer(flow: Flow, r: StepResult, pick: number, call: ReturnType<typeof callInfo>): StepEvent {
  const any = <T>(xs: readonly T[]) => xs[pick % xs.length] as T;
  switch (r.awaiting) {
    case "play":
      return { v: 1, type: "play.done", call, data: { interrupted: false } };
    case "record":
      return { v: 1, type: "record.done", call, data: { key: "k", durationSec: 3 } };
    case "collect": {
      const digits = any(["", "1", "2", "12", "#", "*9", "999", "1#"]);
      return { v: 1, type: "collect.done", call, data: { digits, reason: digits ? "complete" : "timeout" } };
    }
    case "bridge":
      return pick % 11 === 10
        ? { v: 1, type: "action.failed", call, data: { action: "bridge", code: "media_failed" } }
        : {
            v: 1,
            type: "bridge.done",
            call,
            data: {
              outcome: any(["answered", "busy", "noAnswer", "rejected", "failed"] as const),
              sipCode: 0,
            },
          };
    case "decision": {
      const routes = Object.keys((flow.nodes[r.invoke?.nodeId ?? ""] as { routes?: object })?.routes ?? {});
      const choice = any([...routes, "unknown", "!timeout", "!error"]);
      return {
        type: "decision.result",
        call,
        result: choice.startsWith("!")
          ? { error: choice.slice(1) as "timeout" | "error" }
          : { output: choice, variables: { x: "1" } },
      };
    }
    default:
      throw new Error(`a step that did not end must say what it awaits: ${JSON.stringify(r)}`);
  }
}

const scriptedRun = (flowArb: fc.Arbitrary<unknown>, runs: number) => {
  let validFlows = 0;
  fc.assert(
    fc.property(
      flowArb,
      fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
      fc.date({
        min: new Date("2026-01-01T00:00:00Z"),
        max: new Date("2027-01-01T00:00:00Z"),
        noInvalidDate: true,
      }),
      (doc, script, now) => {
        const parsed = Flow.safeParse(doc);
        if (!parsed.success) return;
        const flow = parsed.data;
        if (parseFlow(doc).ok) validFlows++;
        const call = callInfo({ receivedAt: now.toISOString() });
        const cap = flow.settings.limits.maxSteps;
        let r = step(flow, undefined, { v: 1, type: "call.new", call }, now);
        let events = 1;
        const check = (res: StepResult) => {
          // Every answer is a valid protocol message, with at most one waiting action, last.
          expect(DecisionAnswer.safeParse({ actions: res.actions, state: res.state }).success).toBe(true);
          const waiting = res.actions.filter((a) => ["play", "collect", "bridge", "record"].includes(a.type));
          if (!res.ended && !res.invoke) {
            expect(waiting.length).toBe(1);
            expect(res.actions[res.actions.length - 1]).toBe(waiting[0]);
          }
          if (res.ended) {
            const last = res.actions[res.actions.length - 1];
            expect(last === undefined || last.type === "hangup" || last.type === "redirect").toBe(true);
          }
        };
        check(r);
        while (!r.ended) {
          r = step(flow, r.state, answer(flow, r, script[events % script.length] as number, call), now);
          check(r);
          events++;
          // A node entry per event, at most 2 events per menu retry (5 retries): ends within 12 x the cap.
          expect(events).toBeLessThanOrEqual(cap * 12 + 5);
        }
      },
    ),
    { numRuns: runs },
  );
  return validFlows;
};

test("the interpreter reaches a terminal action within the step cap for any valid flow and any input script", () => {
  expect(scriptedRun(validFlow, 300)).toBe(300);
});

test("... and even for flows that fail validation (dangling references, instant loops)", () => {
  scriptedRun(flowDoc, 300);
});

test("a forged or corrupted state never throws: the call takes the fallback or carries on", () => {
  const flow = Flow.parse(
    JSON.parse(readFileSync(join(process.cwd(), "examples", "reception.flow.json"), "utf8")),
  );
  const call = callInfo();
  const good = step(flow, undefined, { v: 1, type: "call.new", call }, new Date(call.receivedAt)).state;
  const states = fc.oneof(
    fc.string(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({ v: fc.constant(1), n: fc.integer(), at: fc.string(), wait: fc.string(), vars: fc.object() })
      .map((v) => JSON.stringify(v)),
    fc.nat({ max: good.length }).map((cut) => good.slice(0, cut)),
  );
  fc.assert(
    fc.property(states, fc.constantFrom("1", "", "9"), (state, digits) => {
      const r = step(
        flow,
        state,
        { v: 1, type: "collect.done", call, data: { digits, reason: "complete" } },
        new Date(call.receivedAt),
      );
      expect(r.ended || r.awaiting !== undefined).toBe(true);
      expect(DecisionAnswer.safeParse({ actions: r.actions, state: r.state }).success).toBe(true);
    }),
    { numRuns: 300 },
  );
});
