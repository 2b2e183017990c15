import type { NodeOf } from "@ringflow/flow";

export const setDefaults = (): NodeOf<"set"> => ({
  type: "set",
  label: "Set variables",
  assign: { source: "{called}" },
});
