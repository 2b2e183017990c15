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

test("RTP capture turned on or off is named; absent and false are both off", () => {
  const a = receptionFlow();
  const on = { ...a, settings: { ...a.settings, captureRtp: true } };
  expect(diffFlows(a, on).map((c) => c.detail)).toEqual(["RTP capture (call audio in the pcap): off → on"]);
  expect(diffFlows(on, a).map((c) => c.detail)).toEqual(["RTP capture (call audio in the pcap): on → off"]);
  expect(diffFlows(a, { ...a, settings: { ...a.settings, captureRtp: false } })).toEqual([]);
  // Another setting beside it is still reported on its own.
  const both = { ...on, settings: { ...on.settings, language: "fr-FR" } };
  expect(diffFlows(a, both).map((c) => c.detail)).toEqual([
    "RTP capture (call audio in the pcap): off → on",
    "flow settings changed",
  ]);
});
