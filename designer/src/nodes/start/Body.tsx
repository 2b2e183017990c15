import type { NodeOf } from "@ringflow/flow";

export function StartBody(_: { node: NodeOf<"start"> }) {
  return <span>Calls enter here</span>;
}
