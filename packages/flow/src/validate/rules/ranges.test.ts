import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { ranges } from "./ranges.js";

const hours = (schedule: object) =>
  flow({
    start: start("h"),
    h: {
      type: "hours",
      schedule: { timeZone: "UTC", ...schedule } as never,
      open: "x",
      closed: "x",
      holiday: "x",
    },
    x: hangup(),
  });

test("a weekly range that ends before it starts is an error", () => {
  expect(runRule(ranges, hours({ weekly: [{ days: ["mon"], start: "17:00", end: "09:00" }] }))).toEqual([
    expect.objectContaining({ code: "range_order", path: ["nodes", "h", "schedule", "weekly", 0] }),
  ]);
});

test("a half day without hours, and misordered half-day hours, are errors", () => {
  const f = hours({
    weekly: [{ days: ["mon"], start: "09:00", end: "24:00" }],
    exceptions: [
      { name: "a", month: 1, day: 2, kind: "hours" },
      { name: "b", month: 1, day: 3, kind: "hours", ranges: [{ start: "12:00", end: "12:00" }] },
    ],
  });
  expect(runRule(ranges, f).map((i) => [i.code, i.path.join(".")])).toEqual([
    ["missing_ranges", "nodes.h.schedule.exceptions.0.ranges"],
    ["range_order", "nodes.h.schedule.exceptions.1.ranges.0"],
  ]);
});
