// An edge that says which output it is ("press 1", "closed", "no answer") on the line itself, drawn
// along the route of the last auto layout while both ends are where that layout put them, and as
// an orthogonal step path otherwise. Wide invisible hit area, so it is easy to select.
import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from "@xyflow/react";
import { memo } from "react";
import type { CanvasEdgeData } from "../core/canvas.js";
import { useRoutes } from "./layout.js";

export type LabeledCanvasEdge = Edge<CanvasEdgeData>;

const near = (a: number, b: number) => Math.abs(a - b) < 8;

/**
 * Where a routed edge's label goes: the middle of its longest segment. Edges that share their last
 * stretch into a busy node (eight outputs into one mailbox) differ in their longest run, so their
 * labels do not pile up where the lines meet.
 */
function labelPoint(points: { x: number; y: number }[]): { x: number; y: number } {
  let best = { x: points[0]?.x ?? 0, y: points[0]?.y ?? 0 };
  let longest = -1;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] as { x: number; y: number };
    const b = points[i + 1] as { x: number; y: number };
    const l = Math.hypot(b.x - a.x, b.y - a.y);
    if (l > longest) {
      longest = l;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best;
}

function LabeledEdgeImpl(p: EdgeProps<LabeledCanvasEdge>) {
  const route = useRoutes((s) => s.routes[p.id]);
  const first = route?.points[0];
  const last = route?.points[route.points.length - 1];
  let path: string;
  let at: { x: number; y: number };
  if (
    route &&
    first &&
    last &&
    near(first.x, p.sourceX) &&
    near(first.y, p.sourceY) &&
    near(last.x, p.targetX) &&
    near(last.y, p.targetY)
  ) {
    const pts = [
      { x: p.sourceX, y: p.sourceY },
      ...route.points.slice(1, -1),
      { x: p.targetX, y: p.targetY },
    ];
    path = pts.map((q, i) => `${i === 0 ? "M" : "L"}${q.x},${q.y}`).join(" ");
    at = labelPoint(pts);
  } else {
    const [d, lx, ly] = getSmoothStepPath({ ...p, borderRadius: 10, offset: 18 });
    path = d;
    at = { x: lx, y: ly };
  }
  const label = p.data?.label;
  const count = p.data?.count;
  return (
    <>
      <BaseEdge id={p.id} path={path} markerEnd={p.markerEnd} interactionWidth={18} />
      {label || count ? (
        <EdgeLabelRenderer>
          <div
            className={`edge-label${p.selected ? " selected" : ""}${p.data?.lit ? " lit" : ""}`}
            style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}
          >
            {label}
            {count ? <b> ×{count}</b> : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const LabeledEdge = memo(LabeledEdgeImpl);
