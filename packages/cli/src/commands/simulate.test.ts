import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../main.js";
import { run } from "./simulate.js";
import { capture } from "./validate-capture.js";

const reception = "examples/reception.flow.json";

test("simulates a call through the reception with inputs in order", async () => {
  const r = await capture(() =>
    run([reception, "--at", "2026-03-02T15:00:00Z", "--input", "1", "--input=busy"]),
  );
  expect(r.code).toBe(0);
  expect(r.json).toMatchObject({
    path: ["start", "hours", "menu", "sales", "voicemail", "bye"],
    outcome: { kind: "hangup", answered: true },
    recorded: ["reception"],
  });
  expect((r.json as { actions: { type: string }[] }).actions.map((a) => a.type)).toEqual([
    "answer",
    "collect",
    "bridge",
    "record",
    "hangup",
  ]);
});

test("comma-separated inputs, a caller number, and a holiday clock", async () => {
  const r = await capture(() =>
    run([reception, "--at", "2026-12-25T15:00:00Z", "--from", "+15551230000", "--input", "1,busy"]),
  );
  expect(r.json).toMatchObject({
    path: ["start", "hours", "closed-msg", "voicemail", "bye"],
    unusedInputs: 2,
  });
});

test("an input that does not fit exits 1 and says what the flow waited for", async () => {
  const r = await capture(() => run([reception, "--at", "2026-03-02T15:00:00Z", "--input", "busy"]));
  expect(r.code).toBe(1);
  expect(r.json).toMatchObject({ outcome: { kind: "unexpected_input", expected: "digits", node: "menu" } });
});

test("bad input syntax, a bad clock and an invalid flow are reported as JSON", async () => {
  const bad = await capture(() => main(["simulate", reception, "--input", "press one"]));
  expect(bad).toMatchObject({ code: 2, json: { error: "invalid_input" } });
  const clock = await capture(() => main(["simulate", reception, "--at", "yesterday"]));
  expect(clock).toMatchObject({ code: 2, json: { error: "usage" } });
  const dir = mkdtempSync(join(tmpdir(), "ringflow-sim-"));
  const p = join(dir, "f.json");
  writeFileSync(
    p,
    JSON.stringify({ version: 1, name: "x", entry: "start", nodes: { start: { type: "start", next: "x" } } }),
  );
  const invalid = await capture(() => run([p]));
  expect(invalid).toMatchObject({
    code: 1,
    json: { error: "invalid_flow", issues: [{ code: "unknown_node" }] },
  });
});

test("--help documents the input syntax", async () => {
  const r = await capture(() => run(["--help"]));
  expect(r.code).toBe(0);
  expect(r.out).toContain("decision:<output>");
  expect(r.out).toContain("silence");
});
