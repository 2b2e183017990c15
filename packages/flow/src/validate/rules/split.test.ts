import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { split } from "./split.js";

const sw = (...percents: number[]) =>
  flow({
    start: start("s"),
    s: { type: "switch", split: percents.map((percent) => ({ percent, next: "x" })) },
    x: hangup(),
  });

test("split weights that do not add up to 100 are an error", () => {
  expect(runRule(split, sw(50, 40))).toEqual([
    expect.objectContaining({ code: "split_sum", path: ["nodes", "s", "split"] }),
  ]);
  expect(runRule(split, sw(50, 50))).toEqual([]);
});
