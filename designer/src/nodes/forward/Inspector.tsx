import { NumberField, Section, SelectField, TextField } from "../../app/fields.js";
import type { InspectorProps } from "../types.js";
import { RingList } from "./RingList.js";

export function ForwardInspector({ node, issues, onChange }: InspectorProps<"forward">) {
  const cid = typeof node.callerId === "string" ? node.callerId : "fixed";
  return (
    <>
      <SelectField
        label="How"
        field="mode"
        value={node.mode}
        issues={issues}
        options={[
          { value: "bridge", label: "Ring from Ringflow (bridge)" },
          { value: "redirect", label: "Send the caller there (302 redirect)" },
        ]}
        onChange={(mode) => onChange({ ...node, mode })}
      />
      <Section title="Ring list">
        <RingList
          targets={node.targets}
          issues={issues}
          onChange={(targets, key) => onChange({ ...node, targets }, key)}
        />
        <SelectField
          label="Order"
          field="strategy"
          value={node.strategy}
          issues={issues}
          options={[
            { value: "sequential", label: "One after another" },
            { value: "simultaneous", label: "All at once" },
          ]}
          onChange={(strategy) => onChange({ ...node, strategy })}
        />
        <NumberField
          label="Ring timeout (seconds)"
          field="ringTimeoutSec"
          min={1}
          max={300}
          value={node.ringTimeoutSec}
          issues={issues}
          onChange={(v) => onChange({ ...node, ringTimeoutSec: v ?? 20 })}
        />
      </Section>
      <SelectField
        label="Caller ID shown"
        field="callerId"
        value={cid}
        issues={issues}
        options={[
          { value: "caller", label: "The caller's number" },
          { value: "called", label: "The number they called" },
          { value: "fixed", label: "A fixed number" },
        ]}
        onChange={(v) => onChange({ ...node, callerId: v === "fixed" ? { fixed: "" } : v })}
      />
      {typeof node.callerId === "object" ? (
        <TextField
          label="Fixed caller ID"
          field="callerId.fixed"
          value={node.callerId.fixed}
          issues={issues}
          onChange={(fixed) => onChange({ ...node, callerId: { fixed } }, "callerId.fixed")}
        />
      ) : null}
    </>
  );
}
