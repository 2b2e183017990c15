// Wall-clock reading of an instant in an IANA zone through Intl (no tz library: Intl carries the
// tz database of the runtime, and reading local time from an instant is all the schedule needs,
// which makes DST transitions right by construction). Formatters are costly: one per zone, cached.

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        weekday: "short",
        hour: "numeric",
        minute: "numeric",
      });
    } catch {
      f = null;
    }
    if (formatters.size > 1000) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

// Area/Location names (America/Argentina/Buenos_Aires, Etc/GMT+5) and UTC; Intl alone would also
// take offsets such as "+05:00" and legacy abbreviations, which are not IANA zone names.
const ZONE_NAME = /^(UTC|[A-Z][A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2})$/;

/** A real IANA zone name the runtime knows. */
export function isTimeZone(zone: string): boolean {
  return ZONE_NAME.test(zone) && formatter(zone) !== null;
}

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minute: number;
}

const WEEKDAYS: Record<string, Weekday> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};

// formatToParts costs microseconds; the wall clock only changes per minute (every zone's offset is
// a whole number of minutes since the 1970s), so readings are memoised per zone and UTC minute.
const readings = new Map<string, { minute: number; t: LocalTime }>();

/** The wall clock in `zone` at instant `at`; undefined for an unknown zone. */
export function localTime(at: Date, zone: string): LocalTime | undefined {
  const minute = Math.floor(at.getTime() / 60_000);
  const known = readings.get(zone);
  if (known?.minute === minute) return known.t;
  const t = readClock(at, zone);
  if (t) {
    if (readings.size >= 1000) readings.clear();
    readings.set(zone, { minute, t });
  }
  return t;
}

function readClock(at: Date, zone: string): LocalTime | undefined {
  const f = formatter(zone);
  if (!f) return undefined;
  const t: Record<string, string> = {};
  for (const p of f.formatToParts(at)) t[p.type] = p.value;
  return {
    year: Number(t.year),
    month: Number(t.month),
    day: Number(t.day),
    weekday: WEEKDAYS[t.weekday as string] as Weekday,
    minute: Number(t.hour) * 60 + Number(t.minute),
  };
}

/** "HH:MM" (00:00..24:00) as minutes since midnight. */
export const clockMinutes = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether Y-M-D is a real calendar date. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}
