// Undo/redo over whole documents (they are small and immutable, so snapshots are cheap).
// Consecutive changes with the same coalescing key (typing in one field, nudging one node)
// merge into one undo step.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  lastKey?: string | undefined;
}

export const HISTORY_LIMIT = 200;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

export function record<T>(h: History<T>, next: T, key?: string): History<T> {
  if (next === h.present) return h;
  if (key !== undefined && key === h.lastKey && h.past.length > 0) {
    return { past: h.past, present: next, future: [], lastKey: key };
  }
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { past, present: next, future: [], lastKey: key };
}

export function undo<T>(h: History<T>): History<T> {
  const prev = h.past[h.past.length - 1];
  if (h.past.length === 0) return h;
  return { past: h.past.slice(0, -1), present: prev as T, future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  const [next, ...future] = h.future;
  return { past: [...h.past, h.present], present: next as T, future };
}

/** Replace the present without an undo step (a load, or a save that changed nothing visible). */
export function reset<T>(present: T): History<T> {
  return createHistory(present);
}
