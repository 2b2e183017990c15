import type { Digit } from "@ringflow/flow";
import { NumberField, SelectField, TextField } from "../../app/fields.js";
import { DIGITS } from "../menu/Inspector.js";
import { PromptField } from "../prompt.js";
import type { InspectorProps } from "../types.js";

export function CollectInspector({ node, issues, onChange }: InspectorProps<"collect">) {
  return (
    <>
      <PromptField
        label="Prompt"
        field="prompt"
        value={node.prompt}
        issues={issues}
        onChange={(prompt, key) => prompt && onChange({ ...node, prompt }, key)}
      />
      <TextField
        label="Store digits in variable"
        field="variable"
        value={node.variable}
        issues={issues}
        onChange={(variable) => onChange({ ...node, variable }, "variable")}
      />
      <NumberField
        label="Fewest digits"
        field="minDigits"
        value={node.minDigits}
        issues={issues}
        onChange={(v) => onChange({ ...node, minDigits: v ?? 1 })}
      />
      <NumberField
        label="Most digits"
        field="maxDigits"
        value={node.maxDigits}
        issues={issues}
        onChange={(v) => onChange({ ...node, maxDigits: v ?? 10 })}
      />
      <NumberField
        label="First digit timeout (ms)"
        field="firstDigitTimeoutMs"
        step={500}
        value={node.firstDigitTimeoutMs}
        issues={issues}
        onChange={(v) => onChange({ ...node, firstDigitTimeoutMs: v ?? 5000 })}
      />
      <NumberField
        label="Between digits timeout (ms)"
        field="interDigitTimeoutMs"
        step={500}
        value={node.interDigitTimeoutMs}
        issues={issues}
        onChange={(v) => onChange({ ...node, interDigitTimeoutMs: v ?? 3000 })}
      />
      <SelectField
        label="Terminator key"
        field="terminator"
        allowEmpty="None"
        options={DIGITS}
        value={node.terminator}
        issues={issues}
        onChange={(t) => onChange({ ...node, terminator: (t || undefined) as Digit | undefined })}
      />
    </>
  );
}
