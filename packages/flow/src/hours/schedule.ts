import type { Schedule } from "../schema/schedule.js";
import { clockMinutes, localTime } from "./zone.js";

export type HoursOutput = "open" | "closed" | "holiday";

const within = (minute: number, r: { start: string; end: string }) =>
  minute >= clockMinutes(r.start) && minute < clockMinutes(r.end);

/**
 * Which output an hours node takes at instant `at`, read on the wall clock of the schedule's zone
 * (so a range means the same local hours on both sides of a DST change; a range in the skipped
 * hour of a spring-forward day is simply shorter). A closed exception day is `holiday`; a half day
 * is `open` inside its ranges and `holiday` outside; otherwise the weekly ranges decide open or
 * closed. Ranges are [start, end). An unknown zone reads as UTC (validation reports it).
 */
export function evaluateSchedule(schedule: Schedule, at: Date): HoursOutput {
  const t =
    localTime(at, schedule.timeZone) ?? (localTime(at, "UTC") as NonNullable<ReturnType<typeof localTime>>);
  const ymd = `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
  // A dated exception wins over a yearly one on the same day.
  const exceptions = schedule.exceptions ?? [];
  const exception =
    exceptions.find((e) => e.date === ymd) ??
    exceptions.find((e) => e.date === undefined && e.month === t.month && e.day === t.day);
  if (exception) {
    return exception.kind === "hours" && (exception.ranges ?? []).some((r) => within(t.minute, r))
      ? "open"
      : "holiday";
  }
  return schedule.weekly.some((r) => r.days.includes(t.weekday) && within(t.minute, r)) ? "open" : "closed";
}
