// ISO 8601 text of wall-clock times, cheap at thousands of calls per second. At 1,000 calls/s
// every INVITE falls in a millisecond of its own, so caching the whole string per millisecond
// still built a Date and ran toISOString for each call: the text up to the second is now built
// once per second, and each millisecond appends its three digits.

let secondStart = Number.NaN;
/** `2026-12-05T03:13:50.` for the second starting at `secondStart`. */
let secondText = "";
let lastMs = Number.NaN;
let lastText = "";

/** `new Date(Math.floor(ms)).toISOString()`, without a Date per millisecond. */
export function isoTime(ms: number): string {
  const whole = Math.floor(ms);
  if (whole === lastMs) return lastText;
  const milli = ((whole % 1000) + 1000) % 1000;
  const second = whole - milli;
  if (second !== secondStart) {
    const iso = new Date(second).toISOString(); // ends in ".000Z"
    secondStart = second;
    secondText = iso.slice(0, iso.length - 4);
  }
  lastMs = whole;
  lastText = `${secondText}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
  return lastText;
}
