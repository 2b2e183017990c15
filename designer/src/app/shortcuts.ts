// Keyboard shortcuts of the canvas; ignored while typing in a form control.

export type ShortcutAction =
  | "undo"
  | "redo"
  | "copy"
  | "paste"
  | "cut"
  | "duplicate"
  | "save"
  | "fit"
  | "selectAll";

export function shortcutFor(
  e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">,
): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (k === "z") return e.shiftKey ? "redo" : "undo";
    if (k === "y") return "redo";
    if (k === "c") return "copy";
    if (k === "v") return "paste";
    if (k === "x") return "cut";
    if (k === "d") return "duplicate";
    if (k === "s") return "save";
    if (k === "a") return "selectAll";
    return null;
  }
  if (!e.altKey && (e.key === "F" || (e.shiftKey && e.key === "!"))) return "fit";
  return null;
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export type Region = "palette" | "canvas" | "panel";

/** Alt+1 / Alt+2 / Alt+3 jump to the palette, the canvas and the side panel (from anywhere). */
export function regionFor(
  e: Pick<KeyboardEvent, "key" | "code" | "altKey" | "ctrlKey" | "metaKey">,
): Region | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const d = /^Digit([123])$/.exec(e.code)?.[1] ?? (["1", "2", "3"].includes(e.key) ? e.key : undefined);
  return d === "1" ? "palette" : d === "2" ? "canvas" : d === "3" ? "panel" : null;
}
