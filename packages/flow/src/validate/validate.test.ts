import { readFileSync } from "node:fs";
import { join } from "node:path";
import { doc, hangup, start } from "../testing/flows.js";
import { parseFlow, validateFlow } from "./validate.js";

const reception = JSON.parse(readFileSync(join(process.cwd(), "examples", "reception.flow.json"), "utf8"));

test("the reception example validates without issues", () => {
  expect(validateFlow(reception)).toEqual([]);
  const r = parseFlow(reception);
  expect(r.ok && r.flow.nodes.menu?.type).toBe("menu");
});

test("shape errors come through as issues with zod's code and a path, never a throw", () => {
  const bad = { ...reception, nodes: { ...reception.nodes, menu: { ...reception.nodes.menu, retries: 9 } } };
  expect(validateFlow(bad)).toEqual([
    expect.objectContaining({ code: "too_big", path: ["nodes", "menu", "retries"], severity: "error" }),
  ]);
  for (const junk of [null, 42, "flow", [], { version: 2 }]) {
    const issues = validateFlow(junk);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.severity === "error" && typeof i.message === "string")).toBe(true);
  }
});

test("parseFlow is ok with warnings only, and not ok with a graph error", () => {
  const warned = parseFlow({ ...doc({ start: start("b"), b: hangup(), s2: start("b") }), layout: {} });
  // s2 is an extra start (warning) but also unreachable (error).
  expect(warned.ok).toBe(false);
  expect(warned.issues.map((i) => i.code).sort()).toEqual(["extra_start", "unreachable"]);
  const fine = parseFlow({ ...doc({ start: start("b"), b: hangup() }), layout: { ghost: { x: 0, y: 0 } } });
  expect(fine.ok).toBe(true);
  expect(fine.issues.map((i) => i.code)).toEqual(["unknown_layout_node"]);
});
