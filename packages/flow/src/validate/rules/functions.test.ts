import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { functions } from "./functions.js";

const dec = (fn: string) =>
  flow({
    start: start("d"),
    d: { type: "decision", function: fn, routes: { a: "x" }, error: "x" },
    x: hangup(),
  });

test("a decision node names a registered function exactly; other spellings of it are refused", () => {
  const policy = { functions: ["ringflow-customer-acme-vip"] };
  expect(runRule(functions, dec("ringflow-customer-acme-vip"), policy)).toEqual([]);
  for (const fn of [
    "ringflow-customer-acme-vip:live",
    "arn:aws:lambda:us-east-1:123:function:ringflow-customer-acme-vip",
    "ringflow-customer-other-vip",
    "ringflow-decision",
  ])
    expect(runRule(functions, dec(fn), policy)).toEqual([
      expect.objectContaining({ code: "unregistered_function", path: ["nodes", "d", "function"] }),
    ]);
  expect(runRule(functions, dec("anything"))).toEqual([]);
});
