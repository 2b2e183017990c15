import type { NodeOf } from "@ringflow/flow";
import { applyChange, copy, EditError, emptyFlow, freeSpot, NODE_BOX, pastedIds } from "./edits.js";
import { validateDraft as validateFlow } from "./flowlib.js";
import { receptionFlow, strictReception } from "./testflow.js";

test("add places a node with its kind's defaults and a fresh id", () => {
  let f = emptyFlow();
  f = applyChange(f, { type: "add", kind: "menu", position: { x: 10, y: 20 } });
  f = applyChange(f, { type: "add", kind: "menu", position: { x: 30, y: 40 } });
  expect(Object.keys(f.nodes)).toEqual(["start", "menu1", "menu2"]);
  expect(f.nodes.menu1).toMatchObject({ type: "menu", retries: 2, options: { "1": "" } });
  expect(f.layout.menu2).toEqual({ x: 30, y: 40 });
});

test("connect sets the output's field; disconnect clears it (menu keys stay, unwired)", () => {
  let f = emptyFlow();
  f = applyChange(f, { type: "add", kind: "menu", position: { x: 0, y: 0 } });
  f = applyChange(f, { type: "add", kind: "hangup", position: { x: 0, y: 0 } });
  f = applyChange(f, { type: "connect", source: "start", output: "next", target: "menu1" });
  f = applyChange(f, { type: "connect", source: "menu1", output: "1", target: "hangup1" });
  expect(f.nodes.start).toMatchObject({ next: "menu1" });
  expect((f.nodes.menu1 as NodeOf<"menu">).options).toEqual({ "1": "hangup1" });
  f = applyChange(f, { type: "disconnect", source: "menu1", output: "1" });
  expect((f.nodes.menu1 as NodeOf<"menu">).options).toEqual({ "1": "" });
  f = applyChange(f, { type: "disconnect", source: "start", output: "next" });
  expect("next" in (f.nodes.start as object)).toBe(false);
});

test("connect rejects unknown outputs and self loops with codes", () => {
  const f = receptionFlow();
  expect(() => applyChange(f, { type: "connect", source: "menu", output: "9", target: "bye" })).toThrow(
    EditError,
  );
  expect(() => applyChange(f, { type: "connect", source: "menu", output: "1", target: "menu" })).toThrow(
    expect.objectContaining({ code: "self_loop" }),
  );
});

test("delete removes nodes, their layout and every link to them, but never the entry", () => {
  const f = applyChange(strictReception(), { type: "delete", ids: ["voicemail", "start"] });
  expect(f.nodes.voicemail).toBeUndefined();
  expect(f.layout.voicemail).toBeUndefined();
  expect(f.nodes.start).toBeDefined();
  const sales = f.nodes.sales as NodeOf<"forward">;
  expect(sales.busy).toBeUndefined();
  expect((f.nodes.menu as NodeOf<"menu">).failure).toBeUndefined();
  const issues = validateFlow(f);
  expect(issues.some((i) => i.code === "unknown_node")).toBe(false);
  expect(issues.find((i) => i.path.join(".") === "nodes.closed-msg.next")?.severity).toBe("error");
});

test("move touches only the layout and is a no-op when nothing moved", () => {
  const f = receptionFlow();
  const moved = applyChange(f, { type: "move", positions: { menu: { x: 5, y: 6 } } });
  expect(moved.layout.menu).toEqual({ x: 5, y: 6 });
  expect(moved.nodes).toBe(f.nodes);
  expect(applyChange(moved, { type: "move", positions: { menu: { x: 5, y: 6 } } })).toBe(moved);
});

test("update replaces one node; the start node keeps its kind", () => {
  const f = receptionFlow();
  const g = applyChange(f, {
    type: "update",
    id: "bye",
    node: { type: "hangup", label: "Bye", status: 486 },
  });
  expect(g.nodes.bye).toEqual({ type: "hangup", label: "Bye", status: 486 });
  expect(() => applyChange(f, { type: "update", id: "start", node: { type: "hangup" } })).toThrow(EditError);
});

test("paste gives fresh ids, keeps links inside the copy and drops links outside it", () => {
  const f = receptionFlow();
  const clip = copy(f, ["start", "closed-msg", "voicemail"]);
  expect(Object.keys(clip.nodes)).toEqual(["closed-msg", "voicemail"]);
  const g = applyChange(f, { type: "paste", clip, offset: { x: 40, y: 40 } });
  const ids = pastedIds(f, g);
  expect(ids).toEqual(["play1", "voicemail1"]);
  expect(g.nodes.play1).toMatchObject({ type: "play", next: "voicemail1" });
  expect(g.nodes.voicemail1).not.toHaveProperty("next");
  expect(g.layout.play1).toEqual({ x: 240, y: 300 });
});

test("freeSpot keeps the spot when it is clear and steps aside when a node is there", () => {
  expect(freeSpot({}, { x: 10, y: 20 })).toEqual({ x: 10, y: 20 });
  const layout = { a: { x: 0, y: 0 } };
  const p = freeSpot(layout, { x: 30, y: 30 });
  expect(Math.abs(p.x) >= NODE_BOX.w || Math.abs(p.y) >= NODE_BOX.h).toBe(true);
  const q = freeSpot({ ...layout, b: p }, { x: 30, y: 30 });
  expect(q).not.toEqual(p);
});
