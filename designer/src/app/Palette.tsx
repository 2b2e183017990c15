// Node kinds to add: drag one onto the canvas, or press it (click, Enter, Space) to drop it in
// the middle of the view.
import type { NodeType } from "@ringflow/flow";
import { useReactFlow } from "@xyflow/react";
import { freeSpot, nextIdFor } from "../core/edits.js";
import { NODE_UI, uiOf } from "../nodes/registry.js";
import { DND_KIND } from "./Canvas.js";
import { useDesigner } from "./store.js";

export function Palette() {
  const rf = useReactFlow();
  const apply = useDesigner((s) => s.apply);
  const select = useDesigner((s) => s.select);
  const add = (kind: NodeType) => {
    const el = document.querySelector(".canvas-pane");
    const r = el?.getBoundingClientRect();
    const center = r
      ? rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 })
      : { x: 0, y: 0 };
    const flow = useDesigner.getState().flow;
    const id = nextIdFor(flow, kind);
    const position = freeSpot(flow.layout, { x: center.x - 110, y: center.y - 60 });
    if (apply({ type: "add", kind, position })) select([id]);
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
    </nav>
  );
}
