import type { NodeOf } from "@ringflow/flow";

export const switchDefaults = (): NodeOf<"switch"> => ({
  type: "switch",
  label: "Switch",
  cases: [{ when: { subject: "caller", op: "startsWith", value: "+1" } }],
});
