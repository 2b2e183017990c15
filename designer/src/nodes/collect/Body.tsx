import type { NodeOf } from "@ringflow/flow";

export function CollectBody({ node }: { node: NodeOf<"collect"> }) {
  return (
    <span>
      {node.minDigits}-{node.maxDigits} digits into <code>{node.variable}</code>
    </span>
  );
}
