import type { InspectorProps } from "../types.js";

export function StartInspector(_: InspectorProps<"start">) {
  return (
    <p className="muted">Every call to a number bound to this flow starts here. Wire its output below.</p>
  );
}
