import type { NodeOf } from "@ringflow/flow";

export function HangupBody({ node }: { node: NodeOf<"hangup"> }) {
  return <span>End the call{node.status ? ` (${node.status})` : ""}</span>;
}
