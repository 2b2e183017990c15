import type { NodeOf } from "@ringflow/flow";

export function SetBody({ node }: { node: NodeOf<"set"> }) {
  return (
    <span>
      {Object.entries(node.assign)
        .map(([k, v]) => `${k} = ${v}`)
        .join(", ") || "nothing"}
    </span>
  );
}
