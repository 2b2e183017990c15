import { NumberField, TextField } from "../../app/fields.js";
import type { InspectorProps } from "../types.js";

export function HangupInspector({ node, issues, onChange }: InspectorProps<"hangup">) {
  return (
    <>
      <NumberField
        label="SIP status before answer"
        field="status"
        min={400}
        max={699}
        value={node.status}
        issues={issues}
        hint="Empty means 480; after answer the call ends with BYE."
        onChange={(status) => onChange({ ...node, status })}
      />
      <TextField
        label="Reason"
        field="reason"
        value={node.reason}
        issues={issues}
        onChange={(reason) => onChange({ ...node, reason: reason || undefined }, "reason")}
      />
    </>
  );
}
