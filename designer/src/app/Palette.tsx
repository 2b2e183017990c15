// Node kinds to add: drag one onto the canvas, or press it (click, Enter, Space) to add it next to
// the selected node (below it, where nothing else is), or in the middle of the view; focus then
// moves to the new node's label. The minimap sits under the list, off the canvas.
import type { NodeType } from "@ringflow/flow";
import { useReactFlow } from "@xyflow/react";
import { freeSpot, nextIdFor } from "../core/edits.js";
import { NODE_H, NODE_W } from "../core/geometry.js";
import { NODE_UI, uiOf } from "../nodes/registry.js";
import { DND_KIND } from "./Canvas.js";
import { useDesigner } from "./store.js";

export function Palette() {
  const rf = useReactFlow();
  const apply = useDesigner((s) => s.apply);
  const select = useDesigner((s) => s.select);
  const add = (kind: NodeType) => {
    const { flow, selected } = useDesigner.getState();
    const anchor = selected.length > 0 ? flow.layout[selected[selected.length - 1] as string] : undefined;
    let near: { x: number; y: number };
    if (anchor) near = { x: anchor.x, y: anchor.y + NODE_H + 90 };
    else {
      const r = document.querySelector(".canvas-pane")?.getBoundingClientRect();
      const center = r
        ? rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 })
        : { x: 0, y: 0 };
      near = { x: center.x - NODE_W / 2, y: center.y - NODE_H / 2 };
    }
    const id = nextIdFor(flow, kind);
    const position = freeSpot(flow.layout, near);
    if (!apply({ type: "add", kind, position })) return;
    select([id], "label");
    // Keep the new node in view (pan only when it landed outside).
    const pane = document.querySelector(".canvas-pane")?.getBoundingClientRect();
    const tl = rf.flowToScreenPosition(position);
    const br = rf.flowToScreenPosition({ x: position.x + NODE_W, y: position.y + NODE_H });
    if (pane && (tl.x < pane.left || tl.y < pane.top || br.x > pane.right || br.y > pane.bottom))
      void rf.setCenter(position.x + NODE_W / 2, position.y + NODE_H / 2, {
        zoom: rf.getZoom(),
        duration: 150,
      });
  };
  return (
    <nav className="palette" aria-label="Node palette">
      <h2>Add</h2>
      <ul>
        {(Object.keys(NODE_UI) as NodeType[])
          .filter((k) => uiOf(k).addable)
          .map((k) => {
            const ui = uiOf(k);
            return (
              <li key={k}>
                <button
                  type="button"
                  className="palette-item"
                  draggable
                  style={{ "--accent": ui.color } as React.CSSProperties}
                  aria-label={`Add ${ui.title}`}
                  title={`${ui.hint} — drag onto the canvas or press to add`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DND_KIND, k);
                    e.dataTransfer.effectAllowed = "move";
                  }}
                  onClick={() => add(k)}
                >
                  <span className="icon" aria-hidden="true">
                    {ui.icon}
                  </span>
                  <span className="name">{ui.title}</span>
                  <small>{ui.hint}</small>
                </button>
              </li>
            );
          })}
      </ul>
      <div id="minimap-slot" className="minimap-slot" />
    </nav>
  );
}
