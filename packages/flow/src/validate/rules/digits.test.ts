import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { digits } from "./digits.js";

test("minDigits above maxDigits can never be satisfied", () => {
  const f = flow({
    start: start("c"),
    c: {
      type: "collect",
      prompt: { text: "pin" },
      variable: "pin",
      minDigits: 6,
      maxDigits: 4,
      next: "x",
      timeout: "x",
    },
    x: hangup(),
  });
  expect(runRule(digits, f)).toEqual([
    expect.objectContaining({ code: "digit_range", path: ["nodes", "c", "minDigits"] }),
  ]);
});

test("a menu key containing the terminator cannot be entered", () => {
  const f = flow({
    start: start("m"),
    m: {
      type: "menu",
      prompt: { text: "menu" },
      options: { "1#": "x", "2": "x" },
      terminator: "#",
      failure: "x",
    },
    x: hangup(),
  });
  expect(runRule(digits, f).map((i) => i.path.join("."))).toEqual(["nodes.m.options.1#"]);
});
