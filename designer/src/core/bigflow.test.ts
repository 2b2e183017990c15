import { bigFlow } from "../../e2e/bigflow.js";
import { toCanvas } from "./canvas.js";
import { validateDraft } from "./flowlib.js";

test("the benchmark's 500-node flow has exactly 500 nodes and no errors", () => {
  const f = bigFlow(500);
  expect(Object.keys(f.nodes)).toHaveLength(500);
  expect(validateDraft(f).filter((i) => i.severity === "error")).toEqual([]);
  const { nodes, edges } = toCanvas(f, []);
  expect(nodes).toHaveLength(500);
  expect(edges.length).toBeGreaterThan(500);
});
