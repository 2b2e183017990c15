// Node geometry known before the browser measures anything: every node is NODE_W x NODE_H with
// its input handle at the top centre and its outputs spread evenly along the bottom (styles.css
// draws exactly this). Handing React Flow sizes and handle positions up front lets it skip the
// forced first render of every node (it otherwise mounts all nodes once to measure them), so a
// large flow renders only the nodes in view.
import type { NodeOutput } from "./flowlib.js";

export const NODE_W = 220;
export const NODE_H = 116;
const HANDLE = 11;
/** Border and padding of the outputs row (see .rf-node and .rf-node .outputs in styles.css). */
const SIDE = 1.5 + 2;
const GAP = 2;

export interface HandleBox {
  id: string | null;
  type: "source" | "target";
  position: "top" | "bottom";
  x: number;
  y: number;
  width: number;
  height: number;
}

export function handlesOf(outputs: NodeOutput[], hasInput: boolean): HandleBox[] {
  const boxes: HandleBox[] = [];
  if (hasInput) {
    boxes.push({
      id: null,
      type: "target",
      position: "top",
      x: NODE_W / 2 - HANDLE / 2,
      y: -HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    });
  }
  const n = outputs.length;
  if (n > 0) {
    const w = (NODE_W - 2 * SIDE - GAP * (n - 1)) / n;
    outputs.forEach((o, i) => {
      const cx = SIDE + i * (w + GAP) + w / 2;
      boxes.push({
        id: o.name,
        type: "source",
        position: "bottom",
        x: cx - HANDLE / 2,
        y: NODE_H - HANDLE / 2,
        width: HANDLE,
        height: HANDLE,
      });
    });
  }
  return boxes;
}
