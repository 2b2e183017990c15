import type { NodeOf } from "@ringflow/flow";

export function HoursBody({ node }: { node: NodeOf<"hours"> }) {
  const w = node.schedule.weekly[0];
  const more = node.schedule.weekly.length > 1 ? ` +${node.schedule.weekly.length - 1}` : "";
  const hol = node.schedule.exceptions.length ? `, ${node.schedule.exceptions.length} holidays` : "";
  return (
    <span>
      {w ? `${w.days.join(",")} ${w.start}-${w.end}${more}` : "never open"} ({node.schedule.timeZone}){hol}
    </span>
  );
}
