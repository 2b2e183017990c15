import type { NodeOf } from "@ringflow/flow";

export const hangupDefaults = (): NodeOf<"hangup"> => ({ type: "hangup", label: "Hang up" });
