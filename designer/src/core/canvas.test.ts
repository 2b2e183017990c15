import { edgeCounts, toCanvas } from "./canvas.js";
import { applyChange } from "./edits.js";
import { validateDraft as validateFlow } from "./flowlib.js";
import { receptionFlow, strictReception } from "./testflow.js";

test("toCanvas projects nodes with positions and edges per wired output", () => {
  const f = receptionFlow();
  const { nodes, edges } = toCanvas(f, []);
  expect(nodes).toHaveLength(8);
  expect(nodes.find((n) => n.id === "menu")).toMatchObject({ type: "menu", position: { x: -200, y: 260 } });
  expect(nodes.find((n) => n.id === "start")?.data.entry).toBe(true);
  const ids = edges.map((e) => e.id).sort();
  expect(ids).toContain("menu:1");
  expect(ids).toContain("hours:holiday");
  expect(edges.find((e) => e.id === "menu:1")).toMatchObject({
    source: "menu",
    sourceHandle: "1",
    target: "sales",
  });
  // a hangup has no outputs
  expect(edges.filter((e) => e.source === "bye")).toHaveLength(0);
});

test("issues are pinned to the node their path names", () => {
  const f = applyChange(strictReception(), { type: "disconnect", source: "hours", output: "open" });
  const issues = validateFlow(f);
  const { nodes } = toCanvas(f, issues);
  const hours = nodes.find((n) => n.id === "hours");
  expect(hours?.data.issues.map((i) => i.path.join("."))).toContain("nodes.hours.open");
  expect(nodes.find((n) => n.id === "start")?.data.issues).toEqual([]);
});

test("a path overlay numbers the steps and lights the edges it took", () => {
  const f = receptionFlow();
  const { nodes, edges } = toCanvas(f, [], { path: ["start", "hours", "menu", "sales"], current: "sales" });
  expect(nodes.find((n) => n.id === "menu")?.data.step).toBe(3);
  expect(nodes.find((n) => n.id === "sales")?.data.current).toBe(true);
  expect(edges.filter((e) => e.data.lit).map((e) => e.id)).toEqual(["start:next", "hours:open", "menu:1"]);
  expect(edges.find((e) => e.id === "hours:closed")?.data.lit).toBeUndefined();
  expect(edges.find((e) => e.id === "menu:1")?.label).toBe("×1");
  expect(edges.find((e) => e.id === "hours:closed")?.label).toBeUndefined();
});

test("parallel outputs to the same node all light up; the count goes on the first", () => {
  const f = receptionFlow();
  const { edges } = toCanvas(f, [], { path: ["start", "hours", "closed-msg"] });
  expect(edges.find((e) => e.id === "hours:closed")).toMatchObject({ label: "×1", data: { lit: true } });
  expect(edges.find((e) => e.id === "hours:holiday")).toMatchObject({
    label: undefined,
    data: { lit: true },
  });
});

test("edgeCounts sums edges over several call paths", () => {
  const f = receptionFlow();
  const counts = edgeCounts(f, [
    ["start", "hours", "menu", "sales"],
    ["start", "hours", "closed-msg", "voicemail", "bye"],
    ["start", "hours", "menu", "support"],
  ]);
  expect(counts["start:next"]).toBe(3);
  expect(counts["menu:1"]).toBe(1);
  expect(counts["menu:2"]).toBe(1);
  // closed and holiday both lead to closed-msg: a path of node ids credits the first such output
  expect(counts["hours:closed"]).toBe(1);
  expect(counts["hours:open"]).toBe(2);
  const { edges } = toCanvas(f, [], { edgeCounts: counts });
  expect(edges.find((e) => e.id === "start:next")?.label).toBe("×3");
});

test("with the edges taken given, only those light: holiday, not closed, into the same node", () => {
  const f = receptionFlow();
  const { edges } = toCanvas(f, [], {
    path: ["start", "hours", "closed-msg"],
    edges: ["start:next", "hours:holiday"],
  });
  const lit = edges.filter((e) => e.data.lit).map((e) => e.id);
  expect(lit).toEqual(["start:next", "hours:holiday"]);
});

test("calls in progress mark the nodes they are at, with how many", () => {
  const { nodes } = toCanvas(receptionFlow(), [], { live: { menu: 2, sales: 1 } });
  const live = Object.fromEntries(nodes.filter((n) => n.data.live).map((n) => [n.id, n.data.live]));
  expect(live).toEqual({ menu: 2, sales: 1 });
});
