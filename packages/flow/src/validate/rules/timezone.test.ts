import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { timezone } from "./timezone.js";

const hours = (timeZone: string) =>
  flow({
    start: start("h"),
    h: { type: "hours", schedule: { timeZone, weekly: [] }, open: "x", closed: "x" },
    x: hangup(),
  });

test("a made-up zone, an offset and an abbreviation are not IANA zones", () => {
  for (const z of ["Mars/Olympus", "+05:00", "EST5EDT-ish", "america/new york"]) {
    expect(runRule(timezone, hours(z))).toEqual([
      expect.objectContaining({ code: "unknown_time_zone", path: ["nodes", "h", "schedule", "timeZone"] }),
    ]);
  }
});

test("real zones pass", () => {
  for (const z of [
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "UTC",
    "America/Argentina/Buenos_Aires",
  ]) {
    expect(runRule(timezone, hours(z))).toEqual([]);
  }
});
