import { NumberField, Section, TextField } from "../../app/fields.js";
import { KeysEditor } from "../keys.js";
import type { InspectorProps } from "../types.js";

export function DecisionInspector({ node, issues, onChange }: InspectorProps<"decision">) {
  return (
    <>
      <TextField
        label="Function name"
        field="function"
        value={node.function}
        issues={issues}
        onChange={(fn) => onChange({ ...node, function: fn }, "function")}
      />
      <NumberField
        label="Time budget (ms)"
        field="timeoutMs"
        min={100}
        max={5000}
        step={100}
        value={node.timeoutMs}
        issues={issues}
        onChange={(v) => onChange({ ...node, timeoutMs: v ?? 1500 })}
      />
      <Section title="Routes the function may answer">
        <KeysEditor
          label="Route"
          field="routes"
          keys={node.routes}
          issues={issues}
          pattern={/^[A-Za-z0-9_-]{1,32}$/}
          addLabel="Add route"
          suggest={(ks) => {
            let n = ks.length + 1;
            while (ks.includes(`route${n}`)) n++;
            return `route${n}`;
          }}
          onChange={(routes) => onChange({ ...node, routes })}
        />
      </Section>
    </>
  );
}
