import type { Digit } from "@ringflow/flow";
import { NumberField, Section, SelectField } from "../../app/fields.js";
import { KeysEditor } from "../keys.js";
import { PromptField } from "../prompt.js";
import type { InspectorProps } from "../types.js";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#"];
export const DIGITS = KEYS as Digit[];

export function MenuInspector({ node, issues, onChange }: InspectorProps<"menu">) {
  return (
    <>
      <PromptField
        label="Menu prompt"
        field="prompt"
        value={node.prompt}
        issues={issues}
        onChange={(prompt, key) => prompt && onChange({ ...node, prompt }, key)}
      />
      <Section title="Keys">
        <KeysEditor
          label="Key"
          field="options"
          keys={node.options}
          issues={issues}
          pattern={/^[0-9*#]{1,4}$/}
          addLabel="Add key"
          suggest={(ks) => KEYS.find((k) => !ks.includes(k)) ?? "00"}
          onChange={(options) => onChange({ ...node, options })}
        />
      </Section>
      <Section title="When the caller presses nothing or a wrong key">
        <PromptField
          label="No input prompt"
          field="noInputPrompt"
          optional
          value={node.noInputPrompt}
          issues={issues}
          onChange={(p, key) => onChange({ ...node, noInputPrompt: p }, key)}
        />
        <PromptField
          label="No match prompt"
          field="noMatchPrompt"
          optional
          value={node.noMatchPrompt}
          issues={issues}
          onChange={(p, key) => onChange({ ...node, noMatchPrompt: p }, key)}
        />
        <NumberField
          label="Retries"
          field="retries"
          min={0}
          max={5}
          value={node.retries}
          issues={issues}
          onChange={(v) => onChange({ ...node, retries: v ?? 0 })}
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
      </Section>
    </>
  );
}
