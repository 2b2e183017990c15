import type { NodeOf } from "@ringflow/flow";

export function SwitchBody({ node }: { node: NodeOf<"switch"> }) {
  const cases = node.cases.map((c) => `${c.when.subject} ${c.when.op} ${c.when.value}`).join("; ");
  const split = node.split?.map((s) => `${s.percent}%`).join("/");
  return <span>{[cases, split].filter(Boolean).join(" · ") || "default only"}</span>;
}
