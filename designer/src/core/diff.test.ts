import type { NodeOf } from "@ringflow/flow";
import { diffFlows } from "./diff.js";
import { applyChange } from "./edits.js";
import { receptionFlow } from "./testflow.js";

test("diffFlows names added, removed, edited and rewired nodes", () => {
  const a = receptionFlow();
  let b = applyChange(a, { type: "add", kind: "hangup", position: { x: 0, y: 0 } });
  b = applyChange(b, { type: "connect", source: "menu", output: "2", target: "hangup1" });
  b = applyChange(b, {
    type: "update",
    id: "bye",
    node: { ...(b.nodes.bye as NodeOf<"hangup">), status: 486 },
  });
  b = applyChange(b, { type: "delete", ids: ["support"] });
  b = applyChange(b, { type: "move", positions: { menu: { x: 1, y: 1 } } });
  const d = diffFlows(a, b);
  expect(d.map((c) => `${c.kind}:${c.node ?? ""}`).sort()).toEqual(
    ["added:hangup1", "edited:bye", "layout:", "removed:support", "rewired:menu"].sort(),
  );
  expect(d.find((c) => c.kind === "rewired")?.detail).toContain("2: support → hangup1");
  expect(d.find((c) => c.kind === "edited")?.detail).toContain("status");
});

test("identical flows have no differences", () => {
  expect(diffFlows(receptionFlow(), receptionFlow())).toEqual([]);
});

test("a changed description is a change", () => {
  const a = receptionFlow();
  expect(diffFlows(a, { ...a, description: "new" }).map((c) => c.detail)).toContain("description changed");
});
