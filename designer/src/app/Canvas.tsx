// The React Flow canvas over the document: a projection (toCanvas) plus local drag state. Every
// user gesture becomes a Change for the store; nothing here owns the document.

import type { Flow, NodeType } from "@ringflow/flow";
import {
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type EdgeChange,
  type FinalConnectionState,
  MarkerType,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from "@xyflow/react";
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { liveNodeCounts } from "../calls/live.js";
import { type CanvasEdge, type CanvasNode, toCanvas } from "../core/canvas.js";
import type { Change } from "../core/edits.js";
import { freeSpot, nextIdFor } from "../core/edits.js";
import { outputsOf } from "../core/flowlib.js";
import { NODE_W } from "../core/geometry.js";
import { NODE_UI, uiOf } from "../nodes/registry.js";
import { type FlowCanvasNode, FlowNodeView } from "./FlowNodeView.js";
import { type LabeledCanvasEdge as Edge, LabeledEdge } from "./LabeledEdge.js";
import { LiteMiniMap } from "./LiteMiniMap.js";
import { useDesigner } from "./store.js";

export const DND_KIND = "application/x-ringflow-kind";

const nodeTypes = Object.fromEntries(Object.keys(NODE_UI).map((k) => [k, FlowNodeView]));
const edgeTypes = { labeled: LabeledEdge };
const defaultEdgeOptions = {
  type: "labeled",
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
};

/** The node under a screen point (a connection dropped on a node's body), if any. */
function nodeAt(x: number, y: number): string | undefined {
  for (const el of document.elementsFromPoint(x, y)) {
    const n = el.closest<HTMLElement>(".react-flow__node");
    if (n?.dataset.id) return n.dataset.id;
  }
  return undefined;
}

/** Above this many nodes the canvas opens on the flow's start and renders only what is in view. */
export const LARGE_FLOW = 150;

/** The entry and the nodes a few steps after it (breadth first): what a large flow opens on. */
function openingNodes(flow: Flow, max = 12): { id: string }[] {
  const seen = new Set<string>();
  const queue = [flow.entry];
  while (queue.length > 0 && seen.size < max) {
    const id = queue.shift() as string;
    const n = flow.nodes[id];
    if (!n || seen.has(id)) continue;
    seen.add(id);
    for (const o of outputsOf(n)) if (o.target) queue.push(o.target);
  }
  return [...seen].map((id) => ({ id }));
}

const sameIssues = (a: CanvasNode["data"]["issues"], b: CanvasNode["data"]["issues"]) =>
  a.length === b.length &&
  a.every((x, i) => x.code === b[i]?.code && x.path.join(".") === b[i]?.path.join("."));

function sameNode(a: CanvasNode, b: CanvasNode): boolean {
  return (
    a.data.node === b.data.node &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.selected === b.selected &&
    a.data.entry === b.data.entry &&
    a.data.step === b.data.step &&
    a.data.current === b.data.current &&
    a.data.visits === b.data.visits &&
    a.data.live === b.data.live &&
    sameIssues(a.data.issues, b.data.issues)
  );
}

const sameItems = <T,>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameEdge(a: CanvasEdge, b: CanvasEdge): boolean {
  return (
    a.source === b.source &&
    a.target === b.target &&
    a.sourceHandle === b.sourceHandle &&
    a.label === b.label &&
    a.className === b.className &&
    a.animated === b.animated &&
    a.data.label === b.data.label &&
    a.data.count === b.data.count
  );
}

export function Canvas() {
  const flow = useDesigner((s) => s.flow);
  const issues = useDesigner((s) => s.issues);
  const selected = useDesigner((s) => s.selected);
  const overlay = useDesigner((s) => s.overlay);
  const liveCalls = useDesigner((s) => s.live?.calls);
  const flowId = useDesigner((s) => s.remote.flowId);
  const live = useMemo(
    () => (liveCalls && liveCalls.length > 0 ? liveNodeCounts(liveCalls, flow, flowId) : undefined),
    [liveCalls, flow, flowId],
  );
  const apply = useDesigner((s) => s.apply);
  const select = useDesigner((s) => s.select);
  const setPanel = useDesigner((s) => s.setPanel);
  const viewing = useDesigner((s) => s.remote.viewing !== undefined);
  const rf = useReactFlow();
  const [edgeSel, setEdgeSel] = useState<ReadonlySet<string>>(new Set());
  const [mapSlot, setMapSlot] = useState<HTMLElement | null>(null);
  useEffect(() => setMapSlot(document.getElementById("minimap-slot")), []);

  // Unchanged nodes and edges keep their objects, so React Flow and the memoised node views skip
  // them: typing in one node of a 500-node flow re-renders one node, not 500.
  const previous = useRef<{
    nodes: Map<string, CanvasNode>;
    edges: Map<string, CanvasEdge>;
    nodeList: CanvasNode[];
    edgeList: CanvasEdge[];
  }>({ nodes: new Map(), edges: new Map(), nodeList: [], edgeList: [] });
  const projection = useMemo(() => {
    const p = toCanvas(flow, issues, { ...(overlay ?? {}), live, selected: new Set(selected) });
    const prev = previous.current;
    const nodes = p.nodes.map((n) => {
      const old = prev.nodes.get(n.id);
      return old && sameNode(old, n) ? old : n;
    });
    const edges = p.edges.map((e) => {
      const old = prev.edges.get(e.id);
      return old && sameEdge(old, e) ? old : e;
    });
    // The same arrays when nothing in them changed: React Flow rebuilds its connection index on
    // every new edges array, which costs more than a keystroke should.
    const keepNodes = sameItems(prev.nodeList, nodes) ? prev.nodeList : nodes;
    const keepEdges = sameItems(prev.edgeList, edges) ? prev.edgeList : edges;
    previous.current = {
      nodes: new Map(nodes.map((n) => [n.id, n])),
      edges: new Map(edges.map((e) => [e.id, e])),
      nodeList: keepNodes,
      edgeList: keepEdges,
    };
    return { nodes: keepNodes, edges: keepEdges };
  }, [flow, issues, overlay, live, selected]);
  const [nodes, setNodes] = useState<FlowCanvasNode[]>(projection.nodes as FlowCanvasNode[]);
  useEffect(() => setNodes(projection.nodes as FlowCanvasNode[]), [projection]);
  // Edge selection is the canvas's own (the document has no edge objects): mark the chosen ones.
  const edges = useMemo(() => {
    const es = projection.edges as Edge[];
    if (edgeSel.size === 0) return es;
    return es.map((e) => (edgeSel.has(e.id) ? { ...e, selected: true } : e));
  }, [projection, edgeSel]);
  const onEdgesChange = useCallback((changes: EdgeChange<Edge>[]) => {
    const sel = changes.filter((c) => c.type === "select");
    if (sel.length === 0) return;
    setEdgeSel((cur) => {
      const next = new Set(cur);
      for (const c of sel) {
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      return next;
    });
  }, []);
  // Decided once, when the canvas opens: a large flow opens readable on its start (zoom out or
  // "Zoom to fit" for the whole), drawing only the nodes in view.
  const [opening] = useState(() => {
    const large = Object.keys(flow.nodes).length > LARGE_FLOW;
    return {
      large,
      fit: large
        ? { nodes: openingNodes(flow), padding: 0.3, minZoom: 0.5, maxZoom: 1 }
        : { padding: 0.2, maxZoom: 1.2 },
    };
  });

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowCanvasNode>[]) => {
      // Removal goes through onDelete (one undo step for nodes and their edges).
      setNodes((ns) =>
        applyNodeChanges(
          changes.filter((c) => c.type !== "remove"),
          ns,
        ),
      );
      // Selection lives in the store; only the user's own clicks (select changes) move it, so the
      // canvas and the store never echo each other.
      const sel = changes.filter((c) => c.type === "select");
      if (sel.length > 0) {
        const next = new Set(useDesigner.getState().selected);
        for (const c of sel) {
          if (c.selected) next.add(c.id);
          else next.delete(c.id);
        }
        select([...next]);
      }
    },
    [select],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: FlowCanvasNode[]; edges: Edge[] }) => {
      const ids = new Set(gone.map((n) => n.id));
      const changes: Change[] = [];
      for (const e of cut) {
        if (!ids.has(e.source) && !ids.has(e.target) && e.sourceHandle) {
          changes.push({ type: "disconnect", source: e.source, output: e.sourceHandle });
        }
      }
      if (ids.size > 0) changes.push({ type: "delete", ids: [...ids] });
      if (changes.length > 0) apply({ type: "batch", changes });
      setEdgeSel(new Set());
    },
    [apply],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (c.sourceHandle)
        apply({ type: "connect", source: c.source, output: c.sourceHandle, target: c.target });
    },
    [apply],
  );

  // A connection let go over a node's body (not its small input handle) connects to that node.
  const onConnectEnd = useCallback(
    (e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode || state.fromHandle?.type !== "source" || !state.fromHandle.id)
        return;
      const p = "changedTouches" in e ? e.changedTouches[0] : e;
      if (!p) return;
      const target = nodeAt(p.clientX, p.clientY);
      const flow = useDesigner.getState().flow;
      if (target && target !== state.fromNode.id && target !== flow.entry)
        apply({ type: "connect", source: state.fromNode.id, output: state.fromHandle.id, target });
    },
    [apply],
  );

  // Dragging either end of an edge to another node moves it (one undo step).
  const onReconnect = useCallback(
    (old: Edge, c: Connection) => {
      if (!c.sourceHandle || !old.sourceHandle || c.source === c.target) return;
      apply({
        type: "batch",
        changes: [
          { type: "disconnect", source: old.source, output: old.sourceHandle },
          { type: "connect", source: c.source, output: c.sourceHandle, target: c.target },
        ],
      });
      setEdgeSel(new Set());
    },
    [apply],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DND_KIND) as NodeType;
      if (!kind || !(kind in NODE_UI)) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const id = nextIdFor(useDesigner.getState().flow, kind);
      // Where it was dropped, or the nearest spot where it covers no other node.
      const position = freeSpot(useDesigner.getState().flow.layout, { x: p.x - NODE_W / 2, y: p.y - 30 });
      if (apply({ type: "add", kind, position })) select([id]);
    },
    [apply, rf, select],
  );

  return (
    <ReactFlow<FlowCanvasNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeClick={() => setPanel("inspect")}
      onDelete={onDelete}
      onConnect={onConnect}
      onConnectEnd={onConnectEnd}
      onReconnect={onReconnect}
      nodesDraggable={!viewing}
      nodesConnectable={!viewing}
      edgesReconnectable={!viewing}
      connectionRadius={30}
      isValidConnection={(c) => c.source !== c.target}
      onNodeDragStop={(_e, _n, dragged) =>
        apply({
          type: "move",
          positions: Object.fromEntries(
            dragged.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]),
          ),
        })
      }
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
      }}
      onDrop={onDrop}
      deleteKeyCode={["Delete", "Backspace"]}
      fitView
      fitViewOptions={opening.fit}
      onlyRenderVisibleElements={opening.large}
      minZoom={0.05}
      defaultEdgeOptions={defaultEdgeOptions}
      aria-label="Call flow canvas"
    >
      <Background gap={20} />
      {/* The minimap lives under the palette (a portal keeps React Flow's context), never over nodes. */}
      {mapSlot
        ? createPortal(
            opening.large ? (
              <LiteMiniMap flow={flow} />
            ) : (
              <MiniMap
                pannable
                zoomable
                ariaLabel="Mini map"
                nodeColor={(n) => uiOf((n as FlowCanvasNode).data.node.type).color}
              />
            ),
            mapSlot,
          )
        : null}
      <Controls showInteractive={false} aria-label="Zoom controls" />
    </ReactFlow>
  );
}
