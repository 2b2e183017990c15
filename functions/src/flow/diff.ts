import { isDeepStrictEqual } from "node:util";
import type { FlowDocument } from "../store/types.js";

export interface NodeChange {
  id: string;
  /** Top-level fields of the node that differ (`prompt`, `options`, `type`, ...). */
  fields: string[];
}

export interface FlowDiff {
  added: string[];
  removed: string[];
  changed: NodeChange[];
  /** Document-level fields that differ (`entry`, `settings`, `name`, `description`); never `layout`. */
  document: string[];
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * A semantic diff of two flow documents: which nodes were added, removed or changed, and which
 * document fields changed. Designer positions (`layout`) carry no meaning and are ignored.
 */
export function diffFlows(a: FlowDocument, b: FlowDocument): FlowDiff {
  const na = record(a.nodes);
  const nb = record(b.nodes);
  const added = Object.keys(nb)
    .filter((id) => !(id in na))
    .sort();
  const removed = Object.keys(na)
    .filter((id) => !(id in nb))
    .sort();
  const changed: NodeChange[] = [];
  for (const id of Object.keys(na)
    .filter((k) => k in nb)
    .sort()) {
    const x = record(na[id]);
    const y = record(nb[id]);
    const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])]
      .filter((f) => !isDeepStrictEqual(x[f], y[f]))
      .sort();
    if (fields.length > 0) changed.push({ id, fields });
  }
  const document = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((f) => f !== "nodes" && f !== "layout" && !isDeepStrictEqual(a[f], b[f]))
    .sort();
  return { added, removed, changed, document };
}
