import type { NodeOf } from "@ringflow/flow";

export const decisionDefaults = (): NodeOf<"decision"> => ({
  type: "decision",
  label: "Custom decision",
  function: "my-function",
  timeoutMs: 1500,
  routes: { vip: "", other: "" },
});
