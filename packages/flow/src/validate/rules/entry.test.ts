import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { entry } from "./entry.js";

test("an entry that is not a start node, and a second start node, are warnings", () => {
  const f = flow({ start: hangup(), other: start() });
  expect(runRule(entry, f).map((i) => [i.code, i.severity])).toEqual([
    ["entry_not_start", "warning"],
    ["extra_start", "warning"],
  ]);
  expect(runRule(entry, flow({ start: start("b"), b: hangup() }))).toEqual([]);
});
