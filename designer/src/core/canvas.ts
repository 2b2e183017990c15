// The canvas is a pure projection of the document: nodes from `nodes` + `layout`, edges from
// each node's outputs, issues pinned to the node their path names.
import type { Flow, FlowNode, NodeType } from "@ringflow/flow";
import type { FlowIssue, NodeOutput } from "./flowlib.js";
import { outputsOf } from "./flowlib.js";
import { type HandleBox, handlesOf, NODE_H, NODE_W } from "./geometry.js";
import { issuesByNode } from "./paths.js";

export interface CanvasNodeData extends Record<string, unknown> {
  id: string;
  node: FlowNode;
  outputs: NodeOutput[];
  issues: FlowIssue[];
  entry: boolean;
  /** Step number when the node is on the highlighted path (simulator or a call). */
  step?: number | undefined;
  /** The node the simulator is waiting at. */
  current?: boolean | undefined;
  /** Calls that went through this node over the chosen period (the calls overlay). */
  visits?: number | undefined;
  /** Calls in progress at this node now. */
  live?: number | undefined;
}

export interface CanvasNode {
  id: string;
  type: NodeType;
  position: { x: number; y: number };
  data: CanvasNodeData;
  selected?: boolean;
  width: number;
  height: number;
  /** The same size as "measured": every node is drawn at exactly this size (styles.css). */
  measured: { width: number; height: number };
  /** Where the handles are, so the canvas need not measure a node before drawing its edges. */
  handles: HandleBox[];
  /** The start node cannot be deleted: a flow has exactly one. */
  deletable?: boolean;
}

export interface CanvasEdgeData extends Record<string, unknown> {
  output: string;
  /** The output in words, drawn on the edge ("press 1", "no answer"). */
  label: string;
  /** Times the path (or the recent calls) went along this edge. */
  count?: number | undefined;
  lit?: boolean | undefined;
}

export interface CanvasEdge {
  id: string;
  type: "labeled";
  source: string;
  sourceHandle: string;
  target: string;
  label?: string | undefined;
  className?: string | undefined;
  animated?: boolean | undefined;
  data: CanvasEdgeData;
}

export interface Overlay {
  /** Node ids in the order a call visited them. */
  path?: string[] | undefined;
  /** Per-edge counts keyed by edge id (over the recent calls). */
  edgeCounts?: Record<string, number> | undefined;
  /** Per-node counts: calls that went through each node over a chosen period. */
  nodeCounts?: Record<string, number> | undefined;
  /** Calls in progress at each node now (the live list). */
  live?: Record<string, number> | undefined;
  /** The edges taken, in order, when known (the simulator's): only these light, so of two outputs
   * into the same node only the one taken does. Without it, edges are inferred from `path`. */
  edges?: string[] | undefined;
  /** The node the simulator is waiting at. */
  current?: string | undefined;
  selected?: ReadonlySet<string> | undefined;
}

export const edgeId = (source: string, output: string) => `${source}:${output}`;

/** Auto placement for nodes without a layout entry: a grid, so nothing stacks at the origin. */
const gridSpot = (i: number) => ({ x: (i % 6) * (NODE_W + 40), y: Math.floor(i / 6) * (NODE_H + 44) });

export function toCanvas(
  flow: Flow,
  issues: FlowIssue[],
  overlay: Overlay = {},
): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const byNode = issuesByNode(issues);
  const steps = new Map<string, number>();
  const litEdges = new Map<string, number>();
  const path = overlay.path ?? [];
  path.forEach((id, i) => {
    if (!steps.has(id)) steps.set(id, i + 1);
  });
  const ids = Object.keys(flow.nodes);
  const nodes: CanvasNode[] = [];
  const edges: CanvasEdge[] = [];
  const outputsById = new Map<string, NodeOutput[]>();
  ids.forEach((id, i) => {
    const node = flow.nodes[id] as FlowNode;
    const outputs = outputsOf(node);
    outputsById.set(id, outputs);
    const n: CanvasNode = {
      id,
      type: node.type,
      position: flow.layout[id] ?? gridSpot(i),
      data: {
        id,
        node,
        outputs,
        issues: byNode.get(id) ?? [],
        entry: id === flow.entry,
        step: steps.get(id),
        current: overlay.current === id || undefined,
        visits: overlay.nodeCounts?.[id],
        live: overlay.live?.[id],
      },
      width: NODE_W,
      height: NODE_H,
      measured: { width: NODE_W, height: NODE_H },
      handles: handlesOf(outputs, id !== flow.entry),
    };
    if (id === flow.entry) n.deletable = false;
    if (overlay.selected?.has(id)) n.selected = true;
    nodes.push(n);
  });
  // An edge is lit when the path steps from its source straight to its target. A path holds node
  // ids only, so parallel outputs to the same node (busy and noAnswer both to voicemail) all light
  // up, and the count goes on the first of them.
  if (overlay.edges) for (const id of overlay.edges) litEdges.set(id, (litEdges.get(id) ?? 0) + 1);
  for (let i = 0; !overlay.edges && i + 1 < path.length; i++) {
    const from = path[i] as string;
    const to = path[i + 1] as string;
    const outs = outputsById.get(from)?.filter((o) => o.target === to) ?? [];
    outs.forEach((o, k) => {
      const id = edgeId(from, o.name);
      litEdges.set(id, (litEdges.get(id) ?? 0) + (k === 0 ? 1 : 0));
    });
  }
  for (const [source, outputs] of outputsById) {
    for (const o of outputs) {
      if (!o.target || !flow.nodes[o.target]) continue;
      const id = edgeId(source, o.name);
      const lit = litEdges.has(id);
      const raw = overlay.edgeCounts ? overlay.edgeCounts[id] : litEdges.get(id);
      const count = raw ? raw : undefined;
      edges.push({
        id,
        type: "labeled",
        source,
        sourceHandle: o.name,
        target: o.target,
        label: count !== undefined ? `×${count}` : undefined,
        className: lit ? "edge-lit" : undefined,
        animated: lit || undefined,
        data: { output: o.name, label: outputWords(o), count, lit: lit || undefined },
      });
    }
  }
  return { nodes, edges };
}

/** An output as words on its edge: menu keys are pressed, other names are split from camelCase. */
export function outputWords(o: Pick<NodeOutput, "name" | "path">): string {
  if (o.path[0] === "options") return `press ${o.name}`;
  return o.name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Per-node counts over many paths: how many calls went through each node (once per call). */
export function nodeCounts(paths: string[][]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const path of paths) for (const id of new Set(path)) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}

/** Per-edge counts over many paths (the recent calls). */
export function edgeCounts(flow: Flow, paths: string[][]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const path of paths) {
    for (let i = 0; i + 1 < path.length; i++) {
      const node = flow.nodes[path[i] as string];
      if (!node) continue;
      const out = outputsOf(node).find((o) => o.target === path[i + 1]);
      if (!out) continue;
      const id = edgeId(path[i] as string, out.name);
      counts[id] = (counts[id] ?? 0) + 1;
    }
  }
  return counts;
}
