import { CheckField, NumberField, TextField } from "../../app/fields.js";
import { PromptField } from "../prompt.js";
import type { InspectorProps } from "../types.js";

export function VoicemailInspector({ node, issues, onChange }: InspectorProps<"voicemail">) {
  return (
    <>
      <TextField
        label="Mailbox"
        field="mailbox"
        value={node.mailbox}
        issues={issues}
        onChange={(mailbox) => onChange({ ...node, mailbox }, "mailbox")}
      />
      <PromptField
        label="Greeting"
        field="greeting"
        optional
        value={node.greeting}
        issues={issues}
        onChange={(greeting, key) => onChange({ ...node, greeting }, key)}
      />
      <NumberField
        label="Longest message (seconds)"
        field="maxLengthSec"
        min={5}
        max={600}
        value={node.maxLengthSec}
        issues={issues}
        onChange={(v) => onChange({ ...node, maxLengthSec: v ?? 120 })}
      />
      <CheckField
        label="Beep before recording"
        field="beep"
        value={node.beep}
        onChange={(beep) => onChange({ ...node, beep })}
      />
    </>
  );
}
