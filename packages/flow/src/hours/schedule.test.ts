import { Schedule } from "../schema/schedule.js";
import { evaluateSchedule } from "./schedule.js";

const at = (iso: string) => new Date(iso);
const sched = (timeZone: string, weekly: object[], exceptions: object[] = []) =>
  Schedule.parse({ timeZone, weekly, exceptions });

describe("America/New_York", () => {
  const s = sched("America/New_York", [{ days: ["sun"], start: "01:00", end: "03:30" }]);

  test("2026-03-08 spring forward: 01:59 EST is open, the next minute is 03:00 EDT, still open until 03:30", () => {
    expect(evaluateSchedule(s, at("2026-03-08T06:59:00Z"))).toBe("open"); // 01:59 EST
    expect(evaluateSchedule(s, at("2026-03-08T07:00:00Z"))).toBe("open"); // 03:00 EDT
    expect(evaluateSchedule(s, at("2026-03-08T07:29:00Z"))).toBe("open"); // 03:29 EDT
    expect(evaluateSchedule(s, at("2026-03-08T07:30:00Z"))).toBe("closed"); // 03:30 EDT
    expect(evaluateSchedule(s, at("2026-03-08T05:59:00Z"))).toBe("closed"); // 00:59 EST
  });

  test("2026-11-01 fall back: 01:30 happens twice and is open both times; 03:30 EST is closed", () => {
    expect(evaluateSchedule(s, at("2026-11-01T05:30:00Z"))).toBe("open"); // 01:30 EDT
    expect(evaluateSchedule(s, at("2026-11-01T06:30:00Z"))).toBe("open"); // 01:30 EST
    expect(evaluateSchedule(s, at("2026-11-01T08:29:00Z"))).toBe("open"); // 03:29 EST
    expect(evaluateSchedule(s, at("2026-11-01T08:30:00Z"))).toBe("closed"); // 03:30 EST
  });

  test("9-to-5 means 9-to-5 local on both sides of the change", () => {
    const office = sched("America/New_York", [
      { days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00" },
    ]);
    expect(evaluateSchedule(office, at("2026-03-06T14:00:00Z"))).toBe("open"); // Fri 09:00 EST
    expect(evaluateSchedule(office, at("2026-03-09T13:00:00Z"))).toBe("open"); // Mon 09:00 EDT
    expect(evaluateSchedule(office, at("2026-03-09T12:59:00Z"))).toBe("closed"); // Mon 08:59 EDT
    expect(evaluateSchedule(office, at("2026-03-06T13:59:00Z"))).toBe("closed"); // Fri 08:59 EST
  });
});

test("Europe/London: 2026-03-29 01:00 GMT jumps to 02:00 BST; 2026-10-25 02:00 BST falls back to 01:00 GMT", () => {
  const s = sched("Europe/London", [{ days: ["sun"], start: "02:00", end: "03:00" }]);
  expect(evaluateSchedule(s, at("2026-03-29T00:59:00Z"))).toBe("closed"); // 00:59 GMT
  expect(evaluateSchedule(s, at("2026-03-29T01:00:00Z"))).toBe("open"); // 02:00 BST
  expect(evaluateSchedule(s, at("2026-03-29T01:59:00Z"))).toBe("open"); // 02:59 BST
  expect(evaluateSchedule(s, at("2026-03-29T02:00:00Z"))).toBe("closed"); // 03:00 BST
  expect(evaluateSchedule(s, at("2026-10-25T01:59:00Z"))).toBe("closed"); // 01:59 GMT (second time)
  expect(evaluateSchedule(s, at("2026-10-25T02:00:00Z"))).toBe("open"); // 02:00 GMT
  expect(evaluateSchedule(s, at("2026-10-25T02:59:00Z"))).toBe("open");
});

test("Australia/Lord_Howe shifts by half an hour: 02:00 -> 02:30 on 2026-10-04, 02:00 -> 01:30 on 2026-04-05", () => {
  const s = sched("Australia/Lord_Howe", [{ days: ["sun"], start: "02:00", end: "02:30" }]);
  // Spring: 01:59 +10:30 is 15:29Z; the next minute is 02:30 +11:00, so 02:00-02:30 never happens.
  expect(evaluateSchedule(s, at("2026-10-03T15:29:00Z"))).toBe("closed");
  expect(evaluateSchedule(s, at("2026-10-03T15:30:00Z"))).toBe("closed"); // 02:30 LHDT
  const early = sched("Australia/Lord_Howe", [{ days: ["sun"], start: "01:45", end: "02:45" }]);
  expect(evaluateSchedule(early, at("2026-10-03T15:15:00Z"))).toBe("open"); // 01:45 LHST
  expect(evaluateSchedule(early, at("2026-10-03T15:30:00Z"))).toBe("open"); // 02:30 LHDT
  expect(evaluateSchedule(early, at("2026-10-03T15:45:00Z"))).toBe("closed"); // 02:45 LHDT
  // Autumn: 01:59 +11:00 is 14:59Z on the 4th; then 01:30 +10:30 (15:00Z) again.
  const autumn = sched("Australia/Lord_Howe", [{ days: ["sun"], start: "01:30", end: "02:00" }]);
  expect(evaluateSchedule(autumn, at("2026-04-04T14:30:00Z"))).toBe("open"); // 01:30 LHDT
  expect(evaluateSchedule(autumn, at("2026-04-04T14:59:00Z"))).toBe("open"); // 01:59 LHDT
  expect(evaluateSchedule(autumn, at("2026-04-04T15:00:00Z"))).toBe("open"); // 01:30 LHST (again)
  expect(evaluateSchedule(autumn, at("2026-04-04T15:30:00Z"))).toBe("closed"); // 02:00 LHST
});

test("holidays: a closed day, a half day, a dated exception winning over a yearly one, 24:00 ends a day", () => {
  const s = sched(
    "Europe/Paris",
    [{ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "08:00", end: "24:00" }],
    [
      { name: "Noel", month: 12, day: 25 },
      { name: "Veille", month: 12, day: 24, kind: "hours", ranges: [{ start: "09:00", end: "12:00" }] },
      { name: "Special 2026", date: "2026-12-24", kind: "closed" },
    ],
  );
  expect(evaluateSchedule(s, at("2026-12-25T10:00:00Z"))).toBe("holiday");
  expect(evaluateSchedule(s, at("2027-12-24T09:30:00Z"))).toBe("open"); // 10:30 CET, half day
  expect(evaluateSchedule(s, at("2027-12-24T12:00:00Z"))).toBe("holiday"); // 13:00, after the half day
  expect(evaluateSchedule(s, at("2026-12-24T09:30:00Z"))).toBe("holiday"); // dated: closed all day
  expect(evaluateSchedule(s, at("2026-12-23T22:59:00Z"))).toBe("open"); // 23:59 local
  expect(evaluateSchedule(s, at("2026-12-26T06:59:00Z"))).toBe("closed"); // 07:59 local
  // The holiday is read on the local date: 23:30Z on the 24th is already the 25th in Paris.
  expect(evaluateSchedule(s, at("2026-12-24T23:30:00Z"))).toBe("holiday");
});
