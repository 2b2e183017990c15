import { applyChange, emptyFlow } from "./edits.js";
import { validateDraft } from "./flowlib.js";

const paths = (issues: { path: (string | number)[]; code: string }[]) =>
  issues.map((i) => `${i.code}@${i.path.join(".")}`);

test("a half-drawn draft shows both its empty fields and its unwired outputs", () => {
  let f = emptyFlow();
  f = applyChange(f, { type: "add", kind: "menu", position: { x: 0, y: 0 } });
  f = applyChange(f, { type: "connect", source: "start", output: "next", target: "menu1" });
  const found = paths(validateDraft(f));
  // the empty prompt is a shape issue; key 1 (held as "") and failure are unwired, not malformed ids
  expect(found.some((p) => p.endsWith("@nodes.menu1.prompt.text"))).toBe(true);
  expect(found).toContain("unwired_output@nodes.menu1.options.1");
  expect(found).toContain("unwired_output@nodes.menu1.failure");
  expect(found.filter((p) => p.includes("options.1"))).toHaveLength(1);
});

test("a finished flow has no errors", () => {
  let f = emptyFlow();
  f = applyChange(f, { type: "add", kind: "hangup", position: { x: 0, y: 0 } });
  f = applyChange(f, { type: "connect", source: "start", output: "next", target: "hangup1" });
  expect(validateDraft(f).filter((i) => i.severity === "error")).toEqual([]);
});

test("an empty forward target gets one plain message, not zod's and the rule's", () => {
  let f = emptyFlow();
  f = applyChange(f, { type: "add", kind: "forward", position: { x: 0, y: 0 } });
  const at = validateDraft(f).filter((i) => i.path.join(".") === "nodes.forward1.targets.0.uri");
  expect(at).toHaveLength(1);
  expect(at[0]?.message).not.toMatch(/Too small/);
});
