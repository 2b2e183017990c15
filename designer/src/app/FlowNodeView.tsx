// One node on the canvas, for every kind: header (icon, label, problems badge), the kind's own
// summary, and a handle per output at the bottom (unwired required outputs drawn in red).
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import type { CanvasNodeData } from "../core/canvas.js";
import { uiOf } from "../nodes/registry.js";

export type FlowCanvasNode = Node<CanvasNodeData>;

function FlowNodeViewImpl({ data }: NodeProps<FlowCanvasNode>) {
  const ui = uiOf(data.node.type);
  const Body = ui.Body;
  const errors = data.issues.filter((i) => i.severity === "error").length;
  const warnings = data.issues.length - errors;
  const title = data.node.label || ui.title;
  const cls = [
    "rf-node",
    errors ? "has-errors" : warnings ? "has-warnings" : "",
    data.step !== undefined ? "on-path" : "",
    data.current ? "current" : "",
    data.live ? "live-here" : "",
  ].join(" ");
  return (
    <div className={cls} style={{ "--accent": ui.color } as React.CSSProperties} data-kind={data.node.type}>
      {data.entry ? null : <Handle type="target" position={Position.Top} className="in-handle" />}
      <header>
        <span className="icon" aria-hidden="true">
          {ui.icon}
        </span>
        <span className="title">{title}</span>
        {data.issues.length > 0 ? (
          <span
            className={`badge ${errors ? "error" : "warning"}`}
            role="img"
            aria-label={`${data.issues.length} problem${data.issues.length === 1 ? "" : "s"}`}
            title={data.issues.map((i) => i.message).join("\n")}
          >
            {data.issues.length}
          </span>
        ) : null}
        {data.visits !== undefined ? (
          <span
            className="visits"
            role="img"
            aria-label={`${data.visits} call${data.visits === 1 ? "" : "s"}`}
          >
            {data.visits}
          </span>
        ) : null}
        {data.live ? (
          <span
            className="live"
            role="img"
            aria-label={`${data.live} call${data.live === 1 ? "" : "s"} here now`}
            title={`${data.live} call${data.live === 1 ? " is" : "s are"} at this node now`}
          >
            ● {data.live}
          </span>
        ) : null}
        {data.step !== undefined ? (
          <span className="step" role="img" aria-label={`step ${data.step}`}>
            {data.step}
          </span>
        ) : null}
      </header>
      <div className="kind">
        {ui.title} · <code>{data.id}</code>
      </div>
      <div className="body">
        <Body node={data.node as never} />
      </div>
      {data.outputs.length > 0 ? (
        <div className="outputs">
          {data.outputs.map((o) => (
            <div
              key={o.name}
              className={`out${!o.target && o.required ? " unwired" : ""}${o.target ? " wired" : ""}`}
              title={o.target ? `${o.name} → ${o.target}` : `${o.name} (not connected)`}
            >
              <span>{o.name}</span>
              <Handle type="source" position={Position.Bottom} id={o.name} className="out-handle" />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export const FlowNodeView = memo(FlowNodeViewImpl);
