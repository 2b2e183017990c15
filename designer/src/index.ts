// What other packages may reuse: the pure core (no DOM).
export { type CanvasEdge, type CanvasNode, edgeCounts, toCanvas } from "./core/canvas.js";
export { diffFlows, type FlowChange } from "./core/diff.js";
export { applyChange, type Change, type Clip, copy, EditError, emptyFlow } from "./core/edits.js";
export { validateDraft } from "./core/flowlib.js";
export { createHistory, type History, record, redo, undo } from "./core/history.js";
