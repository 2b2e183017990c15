import type { NodeOf } from "@ringflow/flow";
import { promptSummary } from "../prompt.js";

export function PlayBody({ node }: { node: NodeOf<"play"> }) {
  return <span>{promptSummary(node.prompt)}</span>;
}
