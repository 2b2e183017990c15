import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Flow } from "./flow.js";

const example = JSON.parse(readFileSync(join(process.cwd(), "examples", "reception.flow.json"), "utf8"));

test("the shipped reception example parses and gets its defaults", () => {
  const flow = Flow.parse(example);
  expect(flow.nodes.menu).toMatchObject({ type: "menu", retries: 2, firstDigitTimeoutMs: 5000 });
  expect(flow.settings.limits.maxSteps).toBe(200);
});

test("an unknown node type is rejected with a path to it", () => {
  const bad = { ...example, nodes: { ...example.nodes, x1: { type: "teleport" } } };
  const r = Flow.safeParse(bad);
  expect(r.success).toBe(false);
  expect(r.error?.issues[0]?.path).toEqual(["nodes", "x1", "type"]);
});
