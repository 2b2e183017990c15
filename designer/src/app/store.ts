// The designer's state: the document (with its undo history), the issues validation finds in it,
// the selection, and the overlays (simulator path, a call's path). Edits go through `apply`.
import type { CallTrace, Flow } from "@ringflow/flow";
import { create } from "zustand";
import type { LiveSnapshot } from "../calls/live.js";
import type { Overlay } from "../core/canvas.js";
import { applyChange, type Change, type Clip, copy, EditError, emptyFlow, pastedIds } from "../core/edits.js";
import { type FlowIssue, validateDraft } from "../core/flowlib.js";
import { createHistory, type History, record, redo, undo } from "../core/history.js";
import { speak, unwiredWithFallback } from "./words.js";

export type PanelId = "inspect" | "problems" | "simulate" | "calls" | "voicemail" | "versions" | "settings";

export interface Remote {
  flowId?: string | undefined;
  revision?: number | undefined;
  /** The document as last saved or loaded, to tell whether there are unsaved changes. */
  saved?: Flow | undefined;
  /** Last published version number. */
  published?: number | undefined;
  /** Set while a published version is shown (read-only): edits are refused. */
  viewing?: number | undefined;
}

export interface Notice {
  kind: "info" | "error";
  text: string;
}

export interface DesignerState {
  history: History<Flow>;
  flow: Flow;
  issues: FlowIssue[];
  selected: string[];
  /** The field the inspector should focus (from a click in the problems list). */
  focus: { node: string; field: string; nonce: number } | null;
  clip: Clip | null;
  panel: PanelId;
  /** Grows on every ask for a panel (even the one shown), so a folded side panel unfolds. */
  panelAsks: number;
  /** A path lit on the canvas: the simulator's, or a recorded call's (with its trace for the ladder). */
  overlay: (Overlay & { source: "sim" | "call"; trace?: CallTrace | undefined }) | null;
  remote: Remote;
  /** The calls in progress, while the calls view watches them (marked on the canvas). */
  live: LiveSnapshot | null;
  notice: Notice | null;
  apply(change: Change, coalesce?: string): boolean;
  undo(): void;
  redo(): void;
  select(ids: string[], field?: string): void;
  copySelection(): void;
  paste(): void;
  load(flow: Flow, remote?: Remote): void;
  setPanel(p: PanelId): void;
  setOverlay(o: DesignerState["overlay"]): void;
  setRemote(r: Partial<Remote>): void;
  setLive(l: LiveSnapshot | null): void;
  notify(n: Notice | null): void;
}

/** The draft's issues in the admin's words, with unwired outputs a fallback catches as warnings. */
export function issuesOf(flow: Flow): FlowIssue[] {
  const found = validateDraft(flow);
  return speak([...found, ...unwiredWithFallback(flow, found)], flow);
}

const withFlow = (history: History<Flow>) => ({
  history,
  flow: history.present,
  issues: issuesOf(history.present),
});

/** Above this many nodes, validation (tens of ms) runs once typing pauses instead of per keystroke. */
export const DEFER_VALIDATION_ABOVE = 150;
export const VALIDATION_DELAY_MS = 150;
let validationTimer: ReturnType<typeof setTimeout> | undefined;

/** The new document now; its issues now for a small flow, after a pause for a large one. */
function commit(history: History<Flow>, set: (p: Partial<DesignerState>) => void, get: () => DesignerState) {
  clearTimeout(validationTimer);
  if (Object.keys(history.present.nodes).length <= DEFER_VALIDATION_ABOVE) return withFlow(history);
  validationTimer = setTimeout(() => set({ issues: issuesOf(get().flow) }), VALIDATION_DELAY_MS);
  return { history, flow: history.present };
}

export const useDesigner = create<DesignerState>((set, get) => ({
  ...withFlow(createHistory(emptyFlow())),
  selected: [],
  focus: null,
  clip: null,
  panel: "inspect",
  panelAsks: 0,
  overlay: null,
  remote: {},
  live: null,
  notice: null,
  apply(change, coalesce) {
    const { flow, history, remote } = get();
    if (remote.viewing !== undefined) {
      set({
        notice: {
          kind: "error",
          text: `Version ${remote.viewing} is published and cannot change: open the draft to edit.`,
        },
      });
      return false;
    }
    let next: Flow;
    try {
      next = applyChange(flow, change);
    } catch (e) {
      if (e instanceof EditError) {
        set({ notice: { kind: "error", text: e.message } });
        return false;
      }
      throw e;
    }
    if (next === flow) return false;
    const patch: Partial<DesignerState> = commit(record(history, next, coalesce), set, get);
    if (change.type === "delete") patch.selected = get().selected.filter((id) => next.nodes[id]);
    if (change.type === "paste") patch.selected = pastedIds(flow, next);
    set(patch);
    return true;
  },
  undo() {
    const h = undo(get().history);
    set({ ...commit(h, set, get), selected: get().selected.filter((id) => h.present.nodes[id]) });
  },
  redo() {
    const h = redo(get().history);
    set({ ...commit(h, set, get), selected: get().selected.filter((id) => h.present.nodes[id]) });
  },
  select(ids, field) {
    const same = ids.length === get().selected.length && ids.every((id, i) => get().selected[i] === id);
    const patch: Partial<DesignerState> = {};
    if (!same) patch.selected = ids;
    if (field !== undefined && ids[0]) {
      patch.focus = { node: ids[0], field, nonce: (get().focus?.nonce ?? 0) + 1 };
      patch.panel = "inspect";
    }
    if (Object.keys(patch).length > 0) set(patch);
  },
  copySelection() {
    const clip = copy(get().flow, get().selected);
    if (Object.keys(clip.nodes).length > 0) set({ clip });
  },
  paste() {
    const clip = get().clip;
    if (clip) get().apply({ type: "paste", clip, offset: { x: 40, y: 40 } });
  },
  load(flow, remote) {
    clearTimeout(validationTimer);
    set({
      ...withFlow(createHistory(flow)),
      selected: [],
      focus: null,
      overlay: null,
      remote: remote ?? {},
    });
  },
  setPanel: (panel) => set((s) => ({ panel, panelAsks: s.panelAsks + 1 })),
  setOverlay: (overlay) => set({ overlay }),
  setRemote: (r) => set({ remote: { ...get().remote, ...r } }),
  setLive: (live) => set({ live }),
  notify: (notice) => set({ notice }),
}));

/** Edits not saved to the server (a shown version has none). */
export const isDirty = (s: Pick<DesignerState, "flow" | "remote">) =>
  s.remote.viewing === undefined && s.remote.saved !== s.flow;

export const errorCount = (issues: FlowIssue[]) => issues.filter((i) => i.severity === "error").length;
