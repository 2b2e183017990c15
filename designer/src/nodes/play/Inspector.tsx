import { PromptField } from "../prompt.js";
import type { InspectorProps } from "../types.js";

export function PlayInspector({ node, issues, onChange }: InspectorProps<"play">) {
  return (
    <PromptField
      label="Message"
      field="prompt"
      value={node.prompt}
      issues={issues}
      onChange={(prompt, key) => prompt && onChange({ ...node, prompt }, key)}
    />
  );
}
