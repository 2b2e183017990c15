import type { NodeOf } from "@ringflow/flow";

export const startDefaults = (): NodeOf<"start"> => ({ type: "start", label: "Incoming call" });
