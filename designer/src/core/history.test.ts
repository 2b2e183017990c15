import { createHistory, HISTORY_LIMIT, record, redo, undo } from "./history.js";

test("undo and redo walk back and forth; a new change drops the redo branch", () => {
  let h = createHistory(1);
  h = record(h, 2);
  h = record(h, 3);
  h = undo(h);
  expect(h.present).toBe(2);
  h = undo(h);
  expect(h.present).toBe(1);
  expect(undo(h)).toBe(h);
  h = redo(h);
  expect(h.present).toBe(2);
  h = record(h, 9);
  expect(h.future).toEqual([]);
  expect(redo(h)).toBe(h);
});

test("changes with the same key coalesce into one undo step", () => {
  let h = createHistory("");
  h = record(h, "H", "label");
  h = record(h, "He", "label");
  h = record(h, "Hey", "label");
  expect(undo(h).present).toBe("");
  h = record(h, "Hey!", "other");
  expect(undo(h).present).toBe("Hey");
});

test("history is bounded", () => {
  let h = createHistory(0);
  for (let i = 1; i <= HISTORY_LIMIT + 50; i++) h = record(h, i);
  expect(h.past).toHaveLength(HISTORY_LIMIT);
});
