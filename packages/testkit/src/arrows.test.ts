import { checkArrows, importsOf, packageOf, RULES } from "./arrows.js";

// docs/architecture.md's arrows hold in the code (run from the repo root, as jest is).

test("every package imports only what its arrows allow, and declares nothing it does not import", () => {
  expect(checkArrows(process.cwd())).toEqual([]);
});

test("the check sees every import form and would fail a wrong arrow", () => {
  const text = [
    'import { step } from "@ringflow/flow";',
    'import type { X } from "@ringflow/functions";',
    'export * from "@ringflow/flow/protocol";',
    'const m = await import("zod");',
    'import "pino";',
    'const r = require("undici");',
  ].join("\n");
  expect(importsOf(text)).toEqual([
    "@ringflow/flow",
    "@ringflow/functions",
    "@ringflow/flow/protocol",
    "zod",
    "pino",
    "undici",
  ]);
  expect(packageOf("@ringflow/flow/protocol")).toBe("@ringflow/flow");
  const edge = RULES.find((r) => r.dir === "edge");
  expect(edge?.workspace).not.toContain("@ringflow/flow");
  expect(edge?.workspace).not.toContain("@ringflow/functions");
  const designer = RULES.find((r) => r.dir === "designer");
  expect(
    designer?.workspace.some((w) => w.startsWith("@ringflow/edge") || w.startsWith("@ringflow/functions")),
  ).toBe(false);
});
