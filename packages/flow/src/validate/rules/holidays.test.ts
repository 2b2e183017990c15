import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { holidays } from "./holidays.js";

const withException = (e: object) =>
  flow({
    start: start("h"),
    h: {
      type: "hours",
      schedule: { timeZone: "UTC", weekly: [], exceptions: [{ name: "x", ...e }] as never },
      open: "x",
      closed: "x",
      holiday: "x",
    },
    x: hangup(),
  });

test("30 February is not a date", () => {
  expect(runRule(holidays, withException({ date: "2026-02-30" }))).toEqual([
    expect.objectContaining({
      code: "invalid_date",
      path: ["nodes", "h", "schedule", "exceptions", 0, "date"],
    }),
  ]);
  expect(runRule(holidays, withException({ month: 4, day: 31 })).map((i) => i.code)).toEqual([
    "invalid_date",
  ]);
  expect(runRule(holidays, withException({ date: "2026-13-01" })).map((i) => i.code)).toEqual([
    "invalid_date",
  ]);
});

test("an exception needs exactly one of a date or a month and day", () => {
  expect(runRule(holidays, withException({})).map((i) => i.code)).toEqual(["ambiguous_date"]);
  expect(runRule(holidays, withException({ month: 1 })).map((i) => i.code)).toEqual(["ambiguous_date"]);
  expect(
    runRule(holidays, withException({ date: "2026-01-01", month: 1, day: 1 })).map((i) => i.code),
  ).toEqual(["ambiguous_date"]);
});

test("real dates, 29 February of a leap year and a yearly 29 February pass", () => {
  for (const e of [{ date: "2028-02-29" }, { month: 2, day: 29 }, { month: 12, day: 25 }]) {
    expect(runRule(holidays, withException(e))).toEqual([]);
  }
  expect(runRule(holidays, withException({ date: "2026-02-29" })).map((i) => i.code)).toEqual([
    "invalid_date",
  ]);
});
