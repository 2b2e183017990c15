import type { NodeOf } from "@ringflow/flow";
import { bigFlow } from "../../e2e/bigflow.js";
import { emptyFlow } from "../core/edits.js";
import { DEFER_VALIDATION_ABOVE, useDesigner, VALIDATION_DELAY_MS } from "./store.js";

afterEach(() => jest.useRealTimers());

const breakMenu = () => {
  const s = useDesigner.getState();
  const menu = s.flow.nodes.menu0 as NodeOf<"menu">;
  s.apply({ type: "update", id: "menu0", node: { ...menu, prompt: { text: "" } } }, "t");
};

test("a small flow is validated on every change", () => {
  useDesigner.getState().load(bigFlow(20));
  expect(useDesigner.getState().issues).toEqual([]);
  breakMenu();
  expect(useDesigner.getState().issues.map((i) => i.path.join("."))).toContain("nodes.menu0.prompt.text");
});

test("a large flow is validated once typing pauses", () => {
  jest.useFakeTimers();
  useDesigner.getState().load(bigFlow(DEFER_VALIDATION_ABOVE + 50));
  breakMenu();
  expect(useDesigner.getState().issues).toEqual([]);
  jest.advanceTimersByTime(VALIDATION_DELAY_MS);
  expect(useDesigner.getState().issues.map((i) => i.path.join("."))).toContain("nodes.menu0.prompt.text");
});

test("undo, redo and the selection follow the document", () => {
  const s = useDesigner.getState();
  s.load(emptyFlow());
  s.apply({ type: "add", kind: "hangup", position: { x: 0, y: 0 } });
  s.select(["hangup1"]);
  useDesigner.getState().undo();
  expect(useDesigner.getState().flow.nodes.hangup1).toBeUndefined();
  expect(useDesigner.getState().selected).toEqual([]);
  useDesigner.getState().redo();
  expect(useDesigner.getState().flow.nodes.hangup1).toBeDefined();
});
