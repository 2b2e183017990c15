import { applyChange, emptyFlow } from "../core/edits.js";
import { issuesOf } from "./store.js";
import { fieldWords } from "./words.js";

const menuFlow = (fallback: boolean) => {
  let f = emptyFlow();
  if (fallback) f = { ...f, settings: { ...f.settings, fallback: { type: "hangup", status: 480 } } };
  f = applyChange(f, { type: "add", kind: "menu", position: { x: 0, y: 200 } });
  f = applyChange(f, { type: "connect", source: "start", output: "next", target: "menu1" });
  const menu = f.nodes.menu1 as Extract<(typeof f.nodes)[string], { type: "menu" }>;
  return applyChange(f, {
    type: "update",
    id: "menu1",
    node: { ...menu, label: "Main menu", prompt: { text: "Press 1" } },
  });
};

test("an unwired key and failure are errors without a fallback and warnings with one, in words", () => {
  const without = issuesOf(menuFlow(false)).filter((i) => i.code === "unwired_output");
  expect(without.map((i) => [i.severity, i.path.join("."), i.message])).toEqual(
    expect.arrayContaining([
      ["error", "nodes.menu1.options.1", 'Main menu: "press 1" leads nowhere, and the flow has no fallback'],
      ["error", "nodes.menu1.failure", 'Main menu: "failure" leads nowhere, and the flow has no fallback'],
    ]),
  );
  const withFb = issuesOf(menuFlow(true)).filter((i) => i.code === "unwired_output");
  expect(withFb.map((i) => [i.severity, i.path.join("."), i.message])).toEqual(
    expect.arrayContaining([
      [
        "warning",
        "nodes.menu1.options.1",
        `Main menu: "press 1" leads nowhere; callers get the flow's fallback (hang up with 480)`,
      ],
      ["warning", "nodes.menu1.failure", expect.stringContaining('"failure" leads nowhere')],
    ]),
  );
});

test("fields read as phrases", () => {
  expect(fieldWords("prompt.text")).toBe("prompt text");
  expect(fieldWords("targets.0.uri")).toBe("target 1 uri");
  expect(fieldWords("schedule.timeZone")).toBe("schedule time zone");
});
