// Drafts survive a crash: while a flow has unsaved changes its document is kept in localStorage
// (per API and flow), and offered back when the flow is opened again. A save or a "discard" clears it.
import type { Flow } from "@ringflow/flow";
import { create } from "zustand";
import { NEW_FLOW } from "../nav/route.js";
import { type DesignerState, isDirty, useDesigner } from "./store.js";

export interface Autosaved {
  doc: Flow;
  /** The server revision the changes were made over (none for a flow never saved). */
  revision?: number | undefined;
  /** Epoch ms of the last change kept. */
  at: number;
}

type Storage = Pick<globalThis.Storage, "getItem" | "setItem" | "removeItem">;

const PREFIX = "ringflow.autosave.";
let scope = "";

/** Keys are per API address, so two stacks in one browser never offer each other's drafts. */
export const setAutosaveScope = (apiBase: string) => {
  scope = apiBase;
};
const keyOf = (flowId: string | undefined) => `${PREFIX}${scope}|${flowId ?? NEW_FLOW}`;

export function readAutosave(flowId: string | undefined, storage: Storage = localStorage): Autosaved | null {
  try {
    const raw = storage.getItem(keyOf(flowId));
    const a = raw ? (JSON.parse(raw) as Autosaved) : null;
    return a && typeof a === "object" && a.doc && typeof a.at === "number" ? a : null;
  } catch {
    return null;
  }
}

export function clearAutosave(flowId: string | undefined, storage: Storage = localStorage): void {
  storage.removeItem(keyOf(flowId));
}

/** What to offer back when `flowId` opens: the kept document, unless it equals what was loaded. */
export function autosaveOffer(flowId: string | undefined, loaded: Flow, storage: Storage = localStorage) {
  const a = readAutosave(flowId, storage);
  if (!a) return null;
  if (JSON.stringify(a.doc) === JSON.stringify(loaded)) {
    clearAutosave(flowId, storage);
    return null;
  }
  return a;
}

/** Keeps the open flow's unsaved document, `delayMs` after the last change. Returns a stop function. */
export function startAutosave(delayMs = 400, storage: Storage = localStorage, now = () => Date.now()) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const keep = (s: DesignerState) => {
    if (!isDirty(s)) return;
    try {
      const a: Autosaved = { doc: s.flow, revision: s.remote.revision, at: now() };
      storage.setItem(keyOf(s.remote.flowId), JSON.stringify(a));
    } catch {
      // storage full or blocked: autosave is best effort
    }
  };
  const unsub = useDesigner.subscribe((s, prev) => {
    if (s.flow === prev.flow) return;
    clearTimeout(timer);
    timer = setTimeout(() => keep(useDesigner.getState()), delayMs);
  });
  const flush = () => {
    clearTimeout(timer);
    keep(useDesigner.getState());
  };
  window.addEventListener("pagehide", flush);
  return () => {
    unsub();
    clearTimeout(timer);
    window.removeEventListener("pagehide", flush);
  };
}

/** The kept draft offered back for the open flow, if any (shown as a banner until answered). */
export const useAutosaveOffer = create<{ offer: (Autosaved & { flowId?: string | undefined }) | null }>(
  () => ({
    offer: null,
  }),
);

/** After a flow opened: offer back what this browser kept of it. */
export function offerAutosave(flowId: string | undefined, loaded: Flow): void {
  const a = autosaveOffer(flowId, loaded);
  useAutosaveOffer.setState({ offer: a ? { ...a, flowId } : null });
}

/** Restore the kept document over the loaded one: an unsaved change, undoable. */
export function restoreAutosave(): void {
  const o = useAutosaveOffer.getState().offer;
  if (!o) return;
  const s = useDesigner.getState();
  s.load(s.flow, s.remote);
  // One recorded step from what the server has to what was kept, so Undo shows the server's again.
  s.apply({ type: "replace", flow: o.doc });
  useAutosaveOffer.setState({ offer: null });
}

export function discardAutosave(): void {
  const o = useAutosaveOffer.getState().offer;
  if (o) clearAutosave(o.flowId);
  useAutosaveOffer.setState({ offer: null });
}
