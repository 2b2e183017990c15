import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { reachability } from "./reachability.js";

test("a node nothing leads to is unreachable", () => {
  const f = flow({ start: start("bye"), bye: hangup(), lost: hangup() });
  expect(runRule(reachability, f)).toEqual([
    expect.objectContaining({ code: "unreachable", path: ["nodes", "lost"], severity: "error" }),
  ]);
});

test("the fallback node and what it leads to count as reachable", () => {
  const f = flow(
    { start: start(), fb: start("bye"), bye: hangup() },
    { fallback: { type: "node", node: "fb" } },
  );
  expect(runRule(reachability, f)).toEqual([]);
});
