import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Flow } from "../schema/flow.js";
import { doc, start } from "../testing/flows.js";
import { createSimulation, simulate } from "./simulation.js";

const load = (name: string) =>
  Flow.parse(JSON.parse(readFileSync(join(process.cwd(), "examples", `${name}.flow.json`), "utf8")));
const reception = load("reception");
const at = new Date("2026-03-02T15:00:00Z"); // Monday 10:00 New York

test("a scripted call through the reception: sales busy, voicemail, goodbye", () => {
  const r = simulate(reception, { at, inputs: [{ digits: "1" }, { forward: "busy" }] });
  expect(r.path).toEqual(["start", "hours", "menu", "sales", "voicemail", "bye"]);
  expect(r.actions.map((a) => a.type)).toEqual(["answer", "collect", "bridge", "record", "hangup"]);
  expect(r.outcome).toEqual({ kind: "hangup", answered: true });
  expect(r.recorded).toEqual(["reception"]);
  expect(r.unusedInputs).toBe(0);
});

test("on Christmas the call goes to the closed message and voicemail with no input at all", () => {
  const r = simulate(reception, { at: new Date("2026-12-25T15:00:00Z"), inputs: [] });
  expect(r.path).toEqual(["start", "hours", "closed-msg", "voicemail", "bye"]);
});

test("a script that runs out leaves the call waiting; a wrong input stops with what was expected", () => {
  expect(simulate(reception, { at, inputs: [] }).outcome).toEqual({
    kind: "waiting",
    for: "digits",
    node: "menu",
  });
  const r = simulate(reception, { at, inputs: [{ forward: "busy" }, { digits: "1" }] });
  expect(r.outcome).toEqual({
    kind: "unexpected_input",
    expected: "digits",
    input: { forward: "busy" },
    node: "menu",
  });
  expect(r.unusedInputs).toBe(1);
});

test("the caller hanging up, an answered bridge, and leftover inputs", () => {
  expect(simulate(reception, { at, inputs: [{ hangup: true }] }).outcome).toEqual({
    kind: "caller_hangup",
    answered: true,
  });
  const r = simulate(reception, { at, inputs: [{ digits: "1" }, { forward: "answered" }, { digits: "5" }] });
  expect(r.path).toEqual(["start", "hours", "menu", "sales", "bye"]);
  expect(r.unusedInputs).toBe(1);
  const direct = Flow.parse(
    doc({
      start: start("f"),
      f: {
        type: "forward",
        mode: "bridge",
        targets: [{ uri: "+15551234567" }],
        busy: "f",
        noAnswer: "f",
        failed: "f",
      },
    }),
  );
  expect(
    simulate(direct, { at, to: "+15550199", host: "pbx.test", inputs: [{ forward: "answered" }] }).outcome,
  ).toEqual({
    kind: "bridged",
    target: "sip:+15551234567@pbx.test;user=phone",
  });
});

test("step by step, as the designer drives it", () => {
  const sim = createSimulation(reception, { at });
  expect(sim.awaiting).toBe("digits");
  expect(sim.node).toBe("menu");
  expect(sim.send({ forward: "busy" })).toMatchObject({
    error: { code: "unexpected_input", expected: "digits" },
    path: [],
  });
  const s = sim.send({ digits: "2" });
  expect(s).toMatchObject({ path: ["support"], awaiting: "forward", ended: false });
  expect(sim.send({ forward: "noAnswer" })).toMatchObject({
    path: ["voicemail", "bye"],
    ended: true,
    actions: [{ type: "record" }, { type: "hangup" }],
  });
  expect(sim.result().outcome).toEqual({ kind: "hangup", answered: true });
  expect(sim.send({ digits: "1" }).error).toEqual({ code: "unexpected_input", expected: "nothing" });
});
