// The minimap for large flows: React Flow's own subscribes one component per node to its store,
// which for hundreds of nodes costs more on every keystroke than the whole edit. This one draws
// every node as one SVG path from the layout, plus the view's rectangle; a click centres there.
import type { Flow } from "@ringflow/flow";
import { useReactFlow, useStore } from "@xyflow/react";
import { type MouseEvent, useMemo } from "react";
import { NODE_H, NODE_W } from "../core/geometry.js";

const W = 200;
const H = 150;

export function LiteMiniMap({ flow }: { flow: Flow }) {
  const rf = useReactFlow();
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const bounds = useMemo(() => {
    const ps = Object.values(flow.layout);
    if (ps.length === 0) return { x: 0, y: 0, w: 1, h: 1 };
    const xs = ps.map((p) => p.x);
    const ys = ps.map((p) => p.y);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { x, y, w: Math.max(...xs) + NODE_W - x, h: Math.max(...ys) + NODE_H - y };
  }, [flow.layout]);
  const pad = 0.05 * Math.max(bounds.w, bounds.h);
  const vb = { x: bounds.x - pad, y: bounds.y - pad, w: bounds.w + 2 * pad, h: bounds.h + 2 * pad };
  const rects = useMemo(
    () =>
      Object.values(flow.layout)
        .map((p) => `M${p.x} ${p.y}h${NODE_W}v${NODE_H}h${-NODE_W}z`)
        .join(""),
    [flow.layout],
  );
  const view = { x: -tx / zoom, y: -ty / zoom, w: width / zoom, h: height / zoom };
  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const scale = Math.max(vb.w / r.width, vb.h / r.height);
    const cx = vb.x + (e.clientX - r.left - (r.width - vb.w / scale) / 2) * scale;
    const cy = vb.y + (e.clientY - r.top - (r.height - vb.h / scale) / 2) * scale;
    void rf.setCenter(cx, cy, { zoom, duration: 150 });
  };
  return (
    <div className="lite-minimap react-flow__panel bottom right">
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: a pointer shortcut; the keyboard has Zoom to fit and the zoom controls */}
      <svg
        width={W}
        height={H}
        viewBox={`${vb.x} ${vb.y} ${vb.w} ${vb.h}`}
        role="img"
        aria-label="Mini map"
        onClick={onClick}
      >
        <path d={rects} fill="#8a93a6" />
        <rect
          x={view.x}
          y={view.y}
          width={view.w}
          height={view.h}
          fill="rgba(31, 95, 191, 0.12)"
          stroke="#1f5fbf"
          strokeWidth={Math.max(vb.w, vb.h) / 150}
        />
      </svg>
    </div>
  );
}
