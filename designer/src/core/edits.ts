// Every edit of the document is a pure function (flow, change) -> flow. The canvas and the
// inspector only describe changes; this module is the only place that builds new documents.
import type { Flow, FlowNode, NodeType } from "@ringflow/flow";
import { NODE_DEFAULTS } from "../nodes/defaults.js";
import { outputsOf } from "./flowlib.js";
import { setIn } from "./paths.js";

export interface XY {
  x: number;
  y: number;
}

/** What copy puts on the clipboard: nodes with their positions, ids as they were. */
export interface Clip {
  nodes: Record<string, FlowNode>;
  layout: Record<string, XY>;
}

export type Change =
  | { type: "add"; kind: NodeType; position: XY; id?: string }
  | { type: "connect"; source: string; output: string; target: string }
  | { type: "disconnect"; source: string; output: string }
  | { type: "delete"; ids: string[] }
  | { type: "move"; positions: Record<string, XY> }
  | { type: "update"; id: string; node: FlowNode }
  | { type: "paste"; clip: Clip; offset: XY }
  | { type: "meta"; name?: string; description?: string; settings?: Flow["settings"] }
  /** The whole document at once (a kept draft restored, a layout applied on open). */
  | { type: "replace"; flow: Flow }
  /** Several changes as one undo step (delete nodes and edges together). */
  | { type: "batch"; changes: Change[] };

export class EditError extends Error {
  constructor(
    readonly code: "unknown_node" | "unknown_output" | "self_loop" | "entry_node" | "id_taken",
    message: string,
  ) {
    super(message);
    this.name = "EditError";
  }
}

/** The first free `<kind><n>` id (`menu1`, `menu2`, ...). */
export function freshId(taken: Iterable<string>, kind: string): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `${kind}${n}`;
    if (!used.has(id)) return id;
  }
}

/** The id the next `add` of `kind` will get (so callers can select it). */
export const nextIdFor = (flow: Flow, kind: NodeType): string => freshId(Object.keys(flow.nodes), kind);

/** Node footprint on the canvas, for placing new nodes where they overlap nothing. */
export const NODE_BOX = { w: 250, h: 150 };

/** The spot nearest `near` (scanning outwards on a grid) whose box overlaps no laid-out node. */
export function freeSpot(layout: Record<string, XY>, near: XY): XY {
  const taken = Object.values(layout);
  const clear = (p: XY) =>
    taken.every((q) => Math.abs(q.x - p.x) >= NODE_BOX.w || Math.abs(q.y - p.y) >= NODE_BOX.h);
  for (let ring = 0; ring < 40; ring++) {
    for (let dx = -ring; dx <= ring; dx++) {
      for (let dy = -ring; dy <= ring; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const p = { x: Math.round(near.x + dx * NODE_BOX.w), y: Math.round(near.y + dy * NODE_BOX.h) };
        if (clear(p)) return p;
      }
    }
  }
  return { x: Math.round(near.x), y: Math.round(near.y) };
}

export function emptyFlow(name = "Untitled flow"): Flow {
  return {
    version: 1,
    name,
    entry: "start",
    nodes: { start: NODE_DEFAULTS.start() },
    settings: { language: "en-US", limits: { maxSteps: 200, maxCallSec: 3600 }, testCallers: [] },
    layout: { start: { x: 0, y: 0 } },
  };
}

function outputPath(node: FlowNode, output: string) {
  const o = outputsOf(node).find((x) => x.name === output);
  return o?.path;
}

/** Record-valued outputs (menu keys, decision routes) keep their key when unwired: "" marks it. */
function clearOutput(node: FlowNode, path: (string | number)[]): FlowNode {
  const keyed = path.length === 2 && (path[0] === "options" || path[0] === "routes");
  return setIn(node, path, keyed ? "" : undefined);
}

function requireNode(flow: Flow, id: string): FlowNode {
  const n = flow.nodes[id];
  if (!n) throw new EditError("unknown_node", `no node "${id}"`);
  return n;
}

export function applyChange(flow: Flow, change: Change): Flow {
  switch (change.type) {
    case "replace":
      return change.flow;
    case "add": {
      const id = change.id ?? nextIdFor(flow, change.kind);
      if (flow.nodes[id]) throw new EditError("id_taken", `node id "${id}" is taken`);
      return {
        ...flow,
        nodes: { ...flow.nodes, [id]: NODE_DEFAULTS[change.kind]() as FlowNode },
        layout: { ...flow.layout, [id]: { x: change.position.x, y: change.position.y } },
      };
    }
    case "connect": {
      const node = requireNode(flow, change.source);
      requireNode(flow, change.target);
      if (change.source === change.target) throw new EditError("self_loop", "a node cannot lead to itself");
      const path = outputPath(node, change.output);
      if (!path) throw new EditError("unknown_output", `"${change.source}" has no output "${change.output}"`);
      return { ...flow, nodes: { ...flow.nodes, [change.source]: setIn(node, path, change.target) } };
    }
    case "disconnect": {
      const node = requireNode(flow, change.source);
      const path = outputPath(node, change.output);
      if (!path) throw new EditError("unknown_output", `"${change.source}" has no output "${change.output}"`);
      return { ...flow, nodes: { ...flow.nodes, [change.source]: clearOutput(node, path) } };
    }
    case "delete": {
      const gone = new Set(change.ids.filter((id) => id !== flow.entry && flow.nodes[id]));
      if (gone.size === 0) return flow;
      const nodes: Record<string, FlowNode> = {};
      for (const [id, node] of Object.entries(flow.nodes)) {
        if (gone.has(id)) continue;
        let n = node;
        for (const o of outputsOf(node)) if (o.target && gone.has(o.target)) n = clearOutput(n, o.path);
        nodes[id] = n;
      }
      const layout = { ...flow.layout };
      for (const id of gone) delete layout[id];
      return { ...flow, nodes, layout };
    }
    case "move": {
      const layout = { ...flow.layout };
      let moved = false;
      for (const [id, p] of Object.entries(change.positions)) {
        if (!flow.nodes[id]) continue;
        const old = layout[id];
        if (old && old.x === p.x && old.y === p.y) continue;
        layout[id] = { x: p.x, y: p.y };
        moved = true;
      }
      return moved ? { ...flow, layout } : flow;
    }
    case "update": {
      const old = requireNode(flow, change.id);
      if (old.type === "start" && change.node.type !== "start") {
        throw new EditError("entry_node", "the start node keeps its kind");
      }
      return { ...flow, nodes: { ...flow.nodes, [change.id]: change.node } };
    }
    case "paste":
      return paste(flow, change.clip, change.offset);
    case "batch":
      return change.changes.reduce(applyChange, flow);
    case "meta": {
      const next = { ...flow };
      if (change.name !== undefined) next.name = change.name;
      if (change.description !== undefined) next.description = change.description || undefined;
      if (change.settings !== undefined) next.settings = change.settings;
      return next;
    }
  }
}

/** The selected nodes (never the start node: a flow has one) with their positions. */
export function copy(flow: Flow, ids: string[]): Clip {
  const clip: Clip = { nodes: {}, layout: {} };
  for (const id of ids) {
    const node = flow.nodes[id];
    if (!node || node.type === "start") continue;
    clip.nodes[id] = node;
    clip.layout[id] = flow.layout[id] ?? { x: 0, y: 0 };
  }
  return clip;
}

/** Pasted nodes get fresh ids; links among them follow, links to nodes outside are dropped. */
function paste(flow: Flow, clip: Clip, offset: XY): Flow {
  const taken = new Set(Object.keys(flow.nodes));
  const rename = new Map<string, string>();
  for (const [id, node] of Object.entries(clip.nodes)) {
    const fresh = freshId(taken, node.type);
    taken.add(fresh);
    rename.set(id, fresh);
  }
  const nodes = { ...flow.nodes };
  const layout = { ...flow.layout };
  for (const [id, node] of Object.entries(clip.nodes)) {
    let n = node;
    for (const o of outputsOf(node)) {
      if (!o.target) continue;
      const to = rename.get(o.target);
      n = to ? setIn(n, o.path, to) : clearOutput(n, o.path);
    }
    const fresh = rename.get(id) as string;
    nodes[fresh] = n;
    const p = clip.layout[id] ?? { x: 0, y: 0 };
    layout[fresh] = { x: p.x + offset.x, y: p.y + offset.y };
  }
  return { ...flow, nodes, layout };
}

/** Ids a paste of `clip` into `flow` would create, in clip order (to select them afterwards). */
export function pastedIds(before: Flow, after: Flow): string[] {
  return Object.keys(after.nodes).filter((id) => !before.nodes[id]);
}
