import type { NodeOf } from "@ringflow/flow";

export function DecisionBody({ node }: { node: NodeOf<"decision"> }) {
  return (
    <span>
      Ask <code>{node.function}</code>
    </span>
  );
}
