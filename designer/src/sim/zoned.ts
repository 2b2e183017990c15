// Wall-clock time in an IANA zone -> the instant, with Intl only (the simulator asks "25 December
// at 10:00 in the flow's zone").

function offsetMs(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** `date` YYYY-MM-DD and `time` HH:MM read in `zone`; throws RangeError for an unknown zone. */
export function zonedToInstant(date: string, time: string, zone: string): Date {
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const [h, mi] = time.split(":").map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let t = wall - offsetMs(zone, wall);
  t = wall - offsetMs(zone, t); // second pass settles instants next to a DST change
  return new Date(t);
}
