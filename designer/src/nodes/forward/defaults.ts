import type { NodeOf } from "@ringflow/flow";

export const forwardDefaults = (): NodeOf<"forward"> => ({
  type: "forward",
  label: "Forward",
  mode: "bridge",
  targets: [{ uri: "" }],
  strategy: "sequential",
  ringTimeoutSec: 20,
  callerId: "caller",
});
