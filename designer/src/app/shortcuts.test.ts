import { isTyping, shortcutFor } from "./shortcuts.js";

const k = (
  key: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

test("shortcuts map to actions on both Ctrl and Cmd", () => {
  expect(shortcutFor(k("z", { ctrlKey: true }))).toBe("undo");
  expect(shortcutFor(k("Z", { metaKey: true, shiftKey: true }))).toBe("redo");
  expect(shortcutFor(k("y", { ctrlKey: true }))).toBe("redo");
  expect(shortcutFor(k("c", { metaKey: true }))).toBe("copy");
  expect(shortcutFor(k("v", { ctrlKey: true }))).toBe("paste");
  expect(shortcutFor(k("F", { shiftKey: true }))).toBe("fit");
  expect(shortcutFor(k("z"))).toBeNull();
  expect(shortcutFor(k("c", { ctrlKey: true, altKey: true }))).toBeNull();
});

test("typing in a form control is not a shortcut", () => {
  const input = document.createElement("input");
  expect(isTyping(input)).toBe(true);
  expect(isTyping(document.createElement("div"))).toBe(false);
});
