// Auto-layout with elkjs: layered, top to bottom, every output a port in the order the node draws
// its handles, so edges leave where they are drawn and are routed orthogonally around nodes. elk is
// ~2 MB, so it is loaded only when a layout is asked for, as its own chunk. The routes are kept
// (not in the document) and drawn until a node at either end moves.
import type { Flow } from "@ringflow/flow";
import type { ElkExtendedEdge } from "elkjs/lib/elk-api.js";
import { create } from "zustand";
import type { XY } from "../core/edits.js";
import { outputsOf } from "../core/flowlib.js";
import { handlesOf, NODE_H, NODE_W } from "../core/geometry.js";

export interface EdgeRoute {
  /** Start, bends, end, in flow coordinates. */
  points: XY[];
}

/** Routes of the last layout by edge id (`source:output`). */
export const useRoutes = create<{ routes: Record<string, EdgeRoute> }>(() => ({ routes: {} }));

export async function autoLayout(flow: Flow): Promise<Record<string, XY>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const ids = Object.keys(flow.nodes);
  const edges = ids.flatMap((id) =>
    outputsOf(flow.nodes[id] as Flow["nodes"][string])
      .filter((o) => o.target && flow.nodes[o.target] && o.target !== id)
      .map((o) => ({ id: `${id}:${o.name}`, sources: [`${id}::${o.name}`], targets: [`${o.target}::in`] })),
  );
  const children = ids.map((id) => {
    const node = flow.nodes[id] as Flow["nodes"][string];
    const handles = handlesOf(outputsOf(node), id !== flow.entry);
    return {
      id,
      width: NODE_W,
      height: NODE_H,
      layoutOptions: { "elk.portConstraints": "FIXED_POS" },
      ports: handles.map((h) => ({
        id: `${id}::${h.id ?? "in"}`,
        x: h.x + h.width / 2,
        y: h.type === "target" ? 0 : NODE_H,
        width: 0,
        height: 0,
        layoutOptions: { "elk.port.side": h.type === "target" ? "NORTH" : "SOUTH" },
      })),
    };
  });
  const g = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.spacing.nodeNode": "70",
      "elk.layered.spacing.nodeNodeBetweenLayers": "90",
      "elk.spacing.edgeNode": "24",
      "elk.spacing.edgeEdge": "12",
      "elk.layered.spacing.edgeNodeBetweenLayers": "24",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.crossingMinimization.semiInteractive": "true",
    },
    children,
    edges,
  });
  const out: Record<string, XY> = {};
  for (const c of g.children ?? []) out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  const routes: Record<string, EdgeRoute> = {};
  for (const e of (g.edges ?? []) as ElkExtendedEdge[]) {
    const s = e.sections?.[0];
    if (!s) continue;
    routes[e.id] = { points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] };
  }
  useRoutes.setState({ routes });
  return out;
}

/** Two nodes closer than `gap` px (or overlapping), or a node without a position: worth a layout. */
export function cramped(flow: Flow, gap = 24): boolean {
  const ids = Object.keys(flow.nodes);
  if (ids.some((id) => !flow.layout[id])) return true;
  if (ids.length > 150) return false;
  const boxes = ids.map((id) => flow.layout[id] as XY);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i] as XY;
      const b = boxes[j] as XY;
      if (Math.abs(a.x - b.x) < NODE_W + gap && Math.abs(a.y - b.y) < NODE_H + gap) return true;
    }
  }
  return false;
}
