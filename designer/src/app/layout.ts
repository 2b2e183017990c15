// Auto-layout on request with elkjs (layered, top to bottom). elk is ~2 MB, so it is loaded
// only when the admin asks for a layout, as its own chunk.
import type { Flow } from "@ringflow/flow";
import type { XY } from "../core/edits.js";
import { outputsOf } from "../core/flowlib.js";
import { NODE_H, NODE_W } from "../core/geometry.js";

export async function autoLayout(flow: Flow): Promise<Record<string, XY>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const ids = Object.keys(flow.nodes);
  const edges = ids.flatMap((id) =>
    outputsOf(flow.nodes[id] as Flow["nodes"][string])
      .filter((o) => o.target && flow.nodes[o.target])
      .map((o) => ({ id: `${id}:${o.name}`, sources: [id], targets: [o.target as string] })),
  );
  const g = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.spacing.nodeNode": "40",
      "elk.layered.spacing.nodeNodeBetweenLayers": "60",
    },
    children: ids.map((id) => ({ id, width: NODE_W, height: NODE_H })),
    edges,
  });
  const out: Record<string, XY> = {};
  for (const c of g.children ?? []) out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return out;
}
