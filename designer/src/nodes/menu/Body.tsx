import type { NodeOf } from "@ringflow/flow";
import { promptSummary } from "../prompt.js";

export function MenuBody({ node }: { node: NodeOf<"menu"> }) {
  return (
    <span>
      {promptSummary(node.prompt)} <em>keys {Object.keys(node.options).join(" ") || "none"}</em>
    </span>
  );
}
