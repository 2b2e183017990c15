// A three-way merge of flow documents for the 409 dialog: the draft as we last read it (base), my
// edits since (mine) and the revision someone else saved (theirs). Each side's change is taken
// where the other side left that part alone; a part both changed differently is a conflict, named.
// The parts are the flow's name/entry/description/settings, each node (added, removed, or field by
// field), each output of a node (menu keys and decision routes one by one: the edges), and
// positions (which never conflict: mine win, they carry no meaning for a caller).
import type { Flow, FlowNode } from "@ringflow/flow";
import { outputsOf } from "./flowlib.js";

export interface MergeConflict {
  /** The node both sides changed, when the conflict is about a node. */
  node?: string;
  /** The part, in words: `name`, `Main menu (menu): prompt`, `Main menu (menu) key 1`. */
  part: string;
  /** What happened on each side, in words. */
  detail: string;
}

export interface MergeResult {
  merged: Flow;
  conflicts: MergeConflict[];
}

/** Deep equality that ignores key order (documents parsed on different sides may differ in it). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => same(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

type Pick3<T> = { ok: true; value: T } | { ok: false };

/** The usual three-way rule for one part. */
function pick<T>(base: T, mine: T, theirs: T): Pick3<T> {
  if (same(mine, theirs)) return { ok: true, value: mine };
  if (same(mine, base)) return { ok: true, value: theirs };
  if (same(theirs, base)) return { ok: true, value: mine };
  return { ok: false };
}

const nodeName = (id: string, n: FlowNode | undefined) => (n?.label ? `${n.label} (${id})` : id);

/** Fields of a node that hold a map of outputs (one edge per key), merged key by key. */
const KEYED_OUTPUTS = new Set(["options", "routes"]);

type Obj = Record<string, unknown>;

function mergeNode(id: string, b: FlowNode, m: FlowNode, t: FlowNode, conflicts: MergeConflict[]): FlowNode {
  const name = nodeName(id, m);
  if (m.type !== t.type) {
    const p = pick(b.type, m.type, t.type);
    if (!p.ok)
      conflicts.push({ node: id, part: name, detail: `you made it a ${m.type}, they made it a ${t.type}` });
    return p.ok && p.value === t.type ? t : m;
  }
  const bo = b as unknown as Obj;
  const mo = m as unknown as Obj;
  const to = t as unknown as Obj;
  const outputs = new Set(outputsOf(m).map((o) => String(o.path[0])));
  const out: Obj = {};
  for (const field of new Set([...Object.keys(mo), ...Object.keys(to)])) {
    if (KEYED_OUTPUTS.has(field) && typeof mo[field] === "object" && typeof to[field] === "object") {
      const bm = (bo[field] ?? {}) as Obj;
      const mm = mo[field] as Obj;
      const tm = to[field] as Obj;
      const merged: Obj = {};
      for (const key of new Set([...Object.keys(mm), ...Object.keys(tm)])) {
        const p = pick(bm[key], mm[key], tm[key]);
        if (p.ok) {
          if (p.value !== undefined) merged[key] = p.value;
        } else {
          merged[key] = mm[key];
          conflicts.push({
            node: id,
            part: `${name} ${field === "options" ? "key" : "route"} ${key}`,
            detail: `you: ${words(mm[key])}, they: ${words(tm[key])}`,
          });
        }
      }
      out[field] = merged;
      continue;
    }
    const p = pick(bo[field], mo[field], to[field]);
    if (p.ok) {
      if (p.value !== undefined) out[field] = p.value;
    } else {
      out[field] = mo[field];
      conflicts.push({
        node: id,
        part: `${name}: ${outputs.has(field) ? `${field} output` : field}`,
        detail: outputs.has(field)
          ? `you: ${words(mo[field])}, they: ${words(to[field])}`
          : "changed by you and by them",
      });
    }
  }
  return out as unknown as FlowNode;
}

const words = (v: unknown) =>
  v === undefined || v === "" ? "unwired" : typeof v === "string" ? `→ ${v}` : "changed";

export function mergeFlows(base: Flow, mine: Flow, theirs: Flow): MergeResult {
  const conflicts: MergeConflict[] = [];
  const top: Obj = {};
  const bo = base as unknown as Obj;
  const mo = mine as unknown as Obj;
  const to = theirs as unknown as Obj;
  for (const field of new Set([...Object.keys(mo), ...Object.keys(to)])) {
    if (field === "nodes" || field === "layout") continue;
    const p = pick(bo[field], mo[field], to[field]);
    if (p.ok) {
      if (p.value !== undefined) top[field] = p.value;
    } else {
      top[field] = mo[field];
      conflicts.push({
        part: field === "settings" ? "flow settings" : field,
        detail:
          typeof mo[field] === "string" && typeof to[field] === "string"
            ? `you: "${mo[field]}", they: "${to[field]}"`
            : "changed by you and by them",
      });
    }
  }

  const nodes: Record<string, FlowNode> = {};
  for (const id of new Set([...Object.keys(mine.nodes), ...Object.keys(theirs.nodes)])) {
    const b = base.nodes[id];
    const m = mine.nodes[id];
    const t = theirs.nodes[id];
    if (m && t) {
      nodes[id] = b ? mergeNode(id, b, m, t, conflicts) : m;
      if (!b && !same(m, t))
        conflicts.push({ node: id, part: nodeName(id, m), detail: "added by you and by them, differently" });
      continue;
    }
    const kept = m ?? t;
    if (!kept) continue;
    if (!b) {
      nodes[id] = kept; // added on one side
      continue;
    }
    // Removed on one side: gone, unless the other side edited it.
    if (same(kept, b)) continue;
    nodes[id] = kept;
    conflicts.push({
      node: id,
      part: nodeName(id, kept),
      detail: m ? "you edited it, they deleted it" : "they edited it, you deleted it",
    });
  }

  // An output left pointing at a node the other side deleted is a conflict too.
  for (const [id, n] of Object.entries(nodes)) {
    for (const o of outputsOf(n)) {
      if (o.target && !nodes[o.target] && (mine.nodes[o.target] || theirs.nodes[o.target]))
        conflicts.push({
          node: id,
          part: `${nodeName(id, n)} ${o.name}`,
          detail: `leads to ${o.target}, which ${mine.nodes[o.target] ? "they" : "you"} deleted`,
        });
    }
  }

  const layout: Flow["layout"] = {};
  for (const id of Object.keys(nodes)) {
    const p = pick(base.layout[id], mine.layout[id], theirs.layout[id]);
    const pos = p.ok ? p.value : mine.layout[id];
    const at = pos ?? mine.layout[id] ?? theirs.layout[id];
    if (at) layout[id] = at;
  }
  return { merged: { ...(top as unknown as Flow), nodes, layout }, conflicts };
}
