import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { references } from "./references.js";

test("an output leading to a missing node is an error at that output", () => {
  const f = flow({ start: start("nowhere") });
  expect(runRule(references, f)).toEqual([
    expect.objectContaining({ code: "unknown_node", path: ["nodes", "start", "next"], severity: "error" }),
  ]);
});

test("a missing entry, a missing fallback node and a stray layout key are reported", () => {
  const f = flow({ a: hangup() }, { fallback: { type: "node", node: "ghost" } });
  f.layout.zz = { x: 0, y: 0 };
  expect(runRule(references, f).map((i) => [i.code, i.path.join(".")])).toEqual([
    ["unknown_node", "entry"],
    ["unknown_node", "settings.fallback.node"],
    ["unknown_layout_node", "layout.zz"],
  ]);
});

test("node ids named like Object.prototype members are not mistaken for nodes", () => {
  expect(runRule(references, flow({ start: start("constructor") }))).toHaveLength(1);
});

test("a fully wired flow has no reference issues", () => {
  expect(runRule(references, flow({ start: start("bye"), bye: hangup() }))).toEqual([]);
});
