import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../main.js";
import { run } from "./validate.js";
import { capture } from "./validate-capture.js";

const dir = mkdtempSync(join(tmpdir(), "ringflow-validate-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test("a valid example: valid true, no issues, exit 0", async () => {
  const r = await capture(() => run(["examples/reception.flow.json"]));
  expect(r.code).toBe(0);
  expect(r.json).toEqual({ valid: true, issues: [] });
});

test("a flow with a dangling reference: valid false with the issue's path, exit 1", async () => {
  const p = file(
    "bad.json",
    JSON.stringify({
      version: 1,
      name: "x",
      entry: "start",
      nodes: { start: { type: "start", next: "ghost" } },
    }),
  );
  const r = await capture(() => run([p]));
  expect(r.code).toBe(1);
  expect(r.json).toEqual({
    valid: false,
    issues: [
      expect.objectContaining({ code: "unknown_node", path: ["nodes", "start", "next"], severity: "error" }),
    ],
  });
});

test("warnings alone keep a flow valid", async () => {
  const p = file(
    "warn.json",
    JSON.stringify({
      version: 1,
      name: "x",
      entry: "start",
      nodes: { start: { type: "start", next: "b" }, b: { type: "hangup" } },
      layout: { zz: { x: 0, y: 0 } },
    }),
  );
  const r = await capture(() => run([p]));
  expect(r.code).toBe(0);
  expect(r.json).toMatchObject({
    valid: true,
    issues: [{ code: "unknown_layout_node", severity: "warning" }],
  });
});

test("a missing file and a non-JSON file exit 2 with a JSON error and no stack trace", async () => {
  const missing = await capture(() => main(["validate", join(dir, "nope.json")]));
  expect(missing.code).toBe(2);
  expect(missing.json).toEqual({ error: "unreadable", message: expect.stringContaining("ENOENT") });
  const junk = await capture(() => main(["validate", file("junk.json", "{ not json")]));
  expect(junk.code).toBe(2);
  expect(junk.json).toMatchObject({ error: "not_json" });
  expect(junk.out).not.toMatch(/\n\s+at /);
  expect((await capture(() => main(["validate"]))).code).toBe(2);
});

test("the real command validates the shipped example", () => {
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=@ringflow/source",
      "packages/cli/src/main.ts",
      "validate",
      "examples/reception.flow.json",
    ],
    { cwd: process.cwd(), encoding: "utf8" },
  );
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ valid: true, issues: [] });
}, 30_000);
