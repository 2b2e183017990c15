import { DigitCollector } from "./collector.js";

const opts = { maxDigits: 4, firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 3000 };

describe("digit collection timers", () => {
  test("the first-digit timer starts when the prompt ends, not when the collect starts", () => {
    const c = new DigitCollector(opts, 0, true);
    expect(c.nextDeadline()).toBe(Number.POSITIVE_INFINITY);
    expect(c.poll(60_000)).toBeNull(); // a long prompt is still playing
    c.promptEnded(61_000);
    expect(c.poll(65_999)).toBeNull();
    expect(c.poll(66_000)).toEqual({
      action: "collect",
      outcome: "noInput",
      digits: "",
      terminator: null,
      endedBy: "firstDigitTimeout",
      durationMs: 66_000,
    });
  });

  test("without a prompt the first-digit timer starts at once", () => {
    const c = new DigitCollector(opts, 100, false);
    expect(c.nextDeadline()).toBe(5100);
  });

  test("a digit during the prompt is a barge-in and the first digit", () => {
    const c = new DigitCollector(opts, 0, true);
    expect(c.digitBegan()).toBe("bargeIn");
    expect(c.digit("1", 700)).toBe("bargeIn");
    c.promptEnded(800); // the player reports the (cut) prompt's end: no first-digit timer now
    expect(c.nextDeadline()).toBe(3700);
    expect(c.poll(3700)).toMatchObject({ digits: "1", outcome: "complete", endedBy: "interDigitTimeout" });
  });

  test("without barge-in, digits during the prompt are discarded", () => {
    const c = new DigitCollector({ ...opts, bargeIn: false }, 0, true);
    expect(c.digitBegan()).toBe("ignored");
    expect(c.digit("1", 700)).toBe("ignored");
    c.promptEnded(1000);
    expect(c.digit("2", 1500)).toBe("accepted");
    expect(c.poll(4500)).toMatchObject({ digits: "2" });
  });

  test("each digit restarts the inter-digit timer", () => {
    const c = new DigitCollector(opts, 0, false);
    c.digit("1", 1000);
    c.digit("2", 3900);
    expect(c.poll(6899)).toBeNull();
    c.digit("3", 6800);
    expect(c.poll(9799)).toBeNull();
    expect(c.poll(9800)).toMatchObject({ digits: "123", endedBy: "interDigitTimeout", durationMs: 9800 });
  });

  test("maxDigits ends at once", () => {
    const c = new DigitCollector({ ...opts, maxDigits: 2 }, 0, false);
    c.digit("4", 100);
    expect(c.done).toBeNull();
    c.digit("2", 200);
    expect(c.done).toEqual({
      action: "collect",
      outcome: "complete",
      digits: "42",
      terminator: null,
      endedBy: "maxDigits",
      durationMs: 200,
    });
    expect(c.digit("9", 300)).toBe("ignored");
  });

  test("the terminator ends input and is not part of the digits", () => {
    const c = new DigitCollector({ ...opts, terminator: "#" }, 0, false);
    c.digit("7", 100);
    c.digit("#", 200);
    expect(c.done).toMatchObject({
      digits: "7",
      terminator: "#",
      endedBy: "terminator",
      outcome: "complete",
    });
  });

  test("on expiry, fewer than minDigits is noMatch, none is noInput, enough is complete", () => {
    const few = new DigitCollector({ ...opts, minDigits: 3 }, 0, false);
    few.digit("1", 10);
    expect(few.poll(10_000)).toMatchObject({ outcome: "noMatch", digits: "1" });
    const none = new DigitCollector({ ...opts, minDigits: 3 }, 0, false);
    expect(none.poll(10_000)).toMatchObject({ outcome: "noInput", digits: "" });
    const enough = new DigitCollector({ ...opts, minDigits: 2 }, 0, false);
    enough.digit("1", 10);
    enough.digit("2", 20);
    expect(enough.poll(10_000)).toMatchObject({ outcome: "complete", digits: "12" });
  });

  test("a terminator before minDigits is noMatch (or noInput when nothing came)", () => {
    const c = new DigitCollector({ ...opts, minDigits: 3, terminator: "#" }, 0, false);
    c.digit("1", 10);
    c.digit("#", 20);
    expect(c.done).toMatchObject({ outcome: "noMatch", terminator: "#" });
    const d = new DigitCollector({ ...opts, terminator: "#" }, 0, false);
    d.digit("#", 20);
    expect(d.done).toMatchObject({ outcome: "noInput", terminator: "#" });
  });

  test("a hang-up ends it with what was collected", () => {
    const c = new DigitCollector(opts, 0, false);
    c.digit("5", 10);
    expect(c.abort(500, "hangup")).toMatchObject({ endedBy: "hangup", digits: "5", durationMs: 500 });
  });
});
