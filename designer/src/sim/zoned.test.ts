import { zonedToInstant } from "./zoned.js";

test("wall time in a zone becomes the right instant, across DST", () => {
  expect(zonedToInstant("2026-12-25", "10:00", "America/New_York").toISOString()).toBe(
    "2026-12-25T15:00:00.000Z",
  );
  expect(zonedToInstant("2026-07-01", "10:00", "America/New_York").toISOString()).toBe(
    "2026-07-01T14:00:00.000Z",
  );
  expect(zonedToInstant("2026-07-01", "10:00", "UTC").toISOString()).toBe("2026-07-01T10:00:00.000Z");
  expect(zonedToInstant("2026-03-29", "12:00", "Europe/Paris").toISOString()).toBe(
    "2026-03-29T10:00:00.000Z",
  );
  expect(() => zonedToInstant("2026-03-29", "12:00", "Mars/Olympus")).toThrow(RangeError);
});
