import type { NodeOf } from "@ringflow/flow";

export function ForwardBody({ node }: { node: NodeOf<"forward"> }) {
  const first = node.targets[0]?.uri || "(no target yet)";
  const more = node.targets.length > 1 ? ` +${node.targets.length - 1} (${node.strategy})` : "";
  return (
    <span>
      {node.mode === "redirect" ? "Redirect to" : "Ring"} {first}
      {more}
    </span>
  );
}
