import { z } from "zod";

/** "HH:MM", 00:00..24:00 (24:00 closes a range at midnight). */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "a time of day as HH:MM");
export const Weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
export type Weekday = z.infer<typeof Weekday>;

export const TimeRange = z.strictObject({ start: ClockTime, end: ClockTime });
export type TimeRange = z.infer<typeof TimeRange>;

export const WeeklyRange = z.strictObject({
  days: z.array(Weekday).min(1).max(7),
  start: ClockTime,
  end: ClockTime,
});
export type WeeklyRange = z.infer<typeof WeeklyRange>;

/**
 * A day that departs from the weekly ranges: a dated one (`date`: YYYY-MM-DD) or one that
 * recurs every year (`month`/`day`). `closed` takes the `holiday` output all day; `hours`
 * replaces the day's ranges (a half day), outside them the `holiday` output is taken.
 */
export const ScheduleException = z.strictObject({
  name: z.string().min(1).max(100),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
    .optional(),
  month: z.number().int().min(1).max(12).optional(),
  day: z.number().int().min(1).max(31).optional(),
  kind: z.enum(["closed", "hours"]).default("closed"),
  ranges: z.array(TimeRange).max(8).optional(),
});
export type ScheduleException = z.infer<typeof ScheduleException>;

export const Schedule = z.strictObject({
  /** IANA time zone the ranges are read in, e.g. America/New_York. */
  timeZone: z.string().min(1).max(64),
  weekly: z.array(WeeklyRange).max(50),
  exceptions: z.array(ScheduleException).max(200).default([]),
});
export type Schedule = z.infer<typeof Schedule>;
