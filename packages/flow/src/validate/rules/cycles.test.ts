import { flow, hangup, runRule, say, start } from "../../testing/flows.js";
import { cycles } from "./cycles.js";

test("a loop of nodes that never wait for the caller is an error", () => {
  const f = flow({ start: start("a"), a: { type: "set", assign: { x: "1" }, next: "start" } });
  expect(runRule(cycles, f)).toEqual([
    expect.objectContaining({ code: "cycle_without_wait", path: ["nodes", "start"] }),
  ]);
});

test("a self-loop through the fallback node is caught too", () => {
  const f = flow({ start: start() }, { fallback: { type: "node", node: "start" } });
  expect(runRule(cycles, f).map((i) => i.code)).toEqual(["cycle_without_wait"]);
});

test("a loop through a play node waits for the caller and is fine", () => {
  const f = flow({
    start: start("p"),
    p: say("hi", "s"),
    s: { type: "set", assign: { x: "1" }, next: "p" },
    z: hangup(),
  });
  expect(runRule(cycles, f)).toEqual([]);
});

test("a 3,000-node instant chain does not overflow the stack", () => {
  const nodes: Record<string, ReturnType<typeof start>> = { start: start("n0") };
  for (let i = 0; i < 3000; i++) nodes[`n${i}`] = { type: "set", assign: {}, next: `n${i + 1}` };
  nodes.n3000 = { type: "set", assign: {}, next: "n0" };
  expect(runRule(cycles, flow(nodes))).toHaveLength(1);
});
