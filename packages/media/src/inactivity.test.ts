import { InactivityTimer } from "./inactivity.js";

const limits = { timeoutMs: 2_000, holdTimeoutMs: 60_000 };

test("silence past the timeout is reported once, with how long it lasted", () => {
  const t = new InactivityTimer(limits, 0);
  t.heard(500);
  expect(t.check(2_499, false)).toBeNull();
  expect(t.check(2_500, false)).toEqual({ silentForMs: 2_000, held: false });
  expect(t.check(9_000, false)).toBeNull();
  // A packet ends the silence; the next one is reported again.
  t.heard(9_000);
  expect(t.check(11_000, false)).toEqual({ silentForMs: 2_000, held: false });
});

test("held: the hold timeout applies", () => {
  const t = new InactivityTimer(limits, 0);
  expect(t.check(59_999, true)).toBeNull();
  expect(t.check(60_000, true)).toEqual({ silentForMs: 60_000, held: true });
});

test("a re-INVITE restarts the count, but never moves it back", () => {
  const t = new InactivityTimer(limits, 0);
  t.restart(1_500);
  expect(t.check(3_000, false)).toBeNull();
  expect(t.check(3_500, false)).toEqual({ silentForMs: 2_000, held: false });
  t.heard(10_000);
  t.restart(9_000);
  expect(t.check(11_999, false)).toBeNull();
});

test("0 turns a limit off", () => {
  const t = new InactivityTimer({ timeoutMs: 0, holdTimeoutMs: 0 }, 0);
  expect(t.check(1e9, false)).toBeNull();
  expect(t.check(1e9, true)).toBeNull();
});
