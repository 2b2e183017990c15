import { fieldIssues, getIn, locateIssue, setIn } from "./paths.js";

test("setIn copies along the path and removes keys set to undefined", () => {
  const a = { x: { y: [1, { z: 2 }] }, k: 1 };
  const b = setIn(a, ["x", "y", 1, "z"], 3);
  expect(getIn(b, ["x", "y", 1, "z"])).toBe(3);
  expect(getIn(a, ["x", "y", 1, "z"])).toBe(2);
  expect(b.k).toBe(1);
  expect("k" in setIn(a, ["k"], undefined)).toBe(false);
});

test("issue paths locate node and field", () => {
  expect(locateIssue({ path: ["nodes", "menu", "options", "1"] })).toEqual({
    node: "menu",
    field: "options.1",
  });
  expect(locateIssue({ path: ["entry"] })).toEqual({ field: "entry" });
  const issues = [
    { code: "a", path: ["nodes", "m", "prompt", "text"], message: "", severity: "error" as const },
    { code: "b", path: ["nodes", "m", "promptX"], message: "", severity: "error" as const },
  ];
  expect(fieldIssues(issues, "prompt").map((i) => i.code)).toEqual(["a"]);
});
