// The selected node's form: label, the kind's own panel, and its outputs (a keyboard way to wire
// them, beside dragging from the handles). A click in the problems list focuses the field here.
import type { FlowNode } from "@ringflow/flow";
import { useEffect } from "react";
import type { FlowIssue } from "../core/flowlib.js";
import { outputsOf } from "../core/flowlib.js";
import { fieldIssues } from "../core/paths.js";
import { uiOf } from "../nodes/registry.js";
import { FieldErrors, fieldDomId, Section, TextField } from "./fields.js";
import { useDesigner } from "./store.js";

/** Focus the control for `field`, or the nearest control of a field above it. */
function focusField(field: string) {
  const parts = field.split(".");
  while (parts.length > 0) {
    const el =
      document.getElementById(fieldDomId(parts.join("."))) ??
      document.getElementById(`${fieldDomId(parts.join("."))}-key`);
    if (el instanceof HTMLElement) {
      // Optional call: jsdom (unit tests) has no scrollIntoView, and the focus matters more.
      el.scrollIntoView?.({ block: "center" });
      el.focus();
      return;
    }
    parts.pop();
  }
}

export function InspectorPanel() {
  const selected = useDesigner((s) => s.selected);
  const flow = useDesigner((s) => s.flow);
  const issues = useDesigner((s) => s.issues);
  const focus = useDesigner((s) => s.focus);
  const apply = useDesigner((s) => s.apply);
  const id = selected[0];
  const node = id ? flow.nodes[id] : undefined;

  useEffect(() => {
    if (focus && focus.node === id) requestAnimationFrame(() => focusField(focus.field));
  }, [focus, id]);

  if (selected.length > 1)
    return <p className="muted">{selected.length} nodes selected. Copy, paste or delete them.</p>;
  if (!id || !node) {
    return (
      <p className="muted">
        Select a node to edit it. Add nodes from the palette on the left, then drag from a node's bottom
        handles to connect them.
      </p>
    );
  }
  const ui = uiOf(node.type);
  const Inspector = ui.Inspector;
  const nodeIssues: FlowIssue[] = issues.filter((i) => i.path[0] === "nodes" && i.path[1] === id);
  const onChange = (next: FlowNode, key?: string) =>
    apply({ type: "update", id, node: next }, key ? `${id}:${key}` : undefined);
  const others = Object.entries(flow.nodes).filter(([k]) => k !== id);

  return (
    <form className="inspector" aria-label={`Edit ${ui.title} ${id}`} onSubmit={(e) => e.preventDefault()}>
      <h2>
        <span className="icon" aria-hidden="true" style={{ color: ui.color }}>
          {ui.icon}
        </span>{" "}
        {ui.title} <code>{id}</code>
      </h2>
      <TextField
        label="Label"
        field="label"
        value={node.label}
        issues={nodeIssues}
        placeholder={ui.title}
        onChange={(label) => onChange({ ...node, label: label || undefined }, "label")}
      />
      <Inspector id={id} node={node as never} issues={nodeIssues} onChange={onChange as never} />
      {outputsOf(node).length > 0 ? (
        <Section title="Outputs">
          {outputsOf(node).map((o) => {
            const f = o.path.join(".");
            const errs = fieldIssues(nodeIssues, f);
            return (
              <div className={`field output${errs.length ? " has-error" : ""}`} key={o.name}>
                <label htmlFor={fieldDomId(f)}>
                  {o.name}
                  {o.required ? "" : " (optional)"} goes to
                </label>
                <select
                  id={fieldDomId(f)}
                  value={o.target ?? ""}
                  aria-invalid={errs.some((e) => e.severity === "error") || undefined}
                  aria-describedby={errs.length ? `${fieldDomId(f)}-err` : undefined}
                  onChange={(e) =>
                    apply(
                      e.target.value
                        ? { type: "connect", source: id, output: o.name, target: e.target.value }
                        : { type: "disconnect", source: id, output: o.name },
                    )
                  }
                >
                  <option value="">— not connected —</option>
                  {others.map(([k, n]) => (
                    <option key={k} value={k}>
                      {n.label ? `${n.label} (${k})` : k}
                    </option>
                  ))}
                </select>
                <FieldErrors issues={errs} id={`${fieldDomId(f)}-err`} />
              </div>
            );
          })}
        </Section>
      ) : null}
      {id !== flow.entry ? (
        <button type="button" className="danger" onClick={() => apply({ type: "delete", ids: [id] })}>
          Delete node
        </button>
      ) : null}
    </form>
  );
}
