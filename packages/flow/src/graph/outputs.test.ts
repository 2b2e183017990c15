import { flow, hangup, start } from "../testing/flows.js";
import { outputsOf } from "./outputs.js";

test("outputs name each successor field with its path, target and whether it must be wired", () => {
  const f = flow({
    start: start("m"),
    m: { type: "menu", prompt: { text: "x" }, options: { "1": "fw", "2": "sw" } },
    fw: { type: "forward", mode: "bridge", targets: [{ uri: "+15551234567" }], busy: "bye" },
    sw: {
      type: "switch",
      cases: [{ when: { subject: "caller", op: "equals", value: "+1" }, next: "bye" }],
      split: [{ percent: 100, next: "bye" }],
    },
    bye: hangup(),
  });
  expect(outputsOf(f.nodes.m!)).toEqual([
    { name: "1", path: ["options", "1"], target: "fw", required: true },
    { name: "2", path: ["options", "2"], target: "sw", required: true },
    { name: "failure", path: ["failure"], target: undefined, required: true },
  ]);
  expect(outputsOf(f.nodes.fw!).map((o) => [o.name, o.target, o.required])).toEqual([
    ["answered", undefined, false],
    ["busy", "bye", true],
    ["noAnswer", undefined, true],
    ["failed", undefined, true],
  ]);
  expect(outputsOf(f.nodes.sw!).map((o) => [o.name, o.path.join("."), o.required])).toEqual([
    ["case:0", "cases.0.next", true],
    ["split:0", "split.0.next", true],
    ["default", "default", false],
  ]);
  expect(outputsOf(f.nodes.bye!)).toEqual([]);
});
