// What changed between two flow documents, in the admin's words: nodes added, removed, edited,
// rewired, and flow settings. Used by the 409 dialog ("see what changed") and the versions list.
import type { Flow, FlowNode } from "@ringflow/flow";
import { outputsOf } from "./flowlib.js";

export interface FlowChange {
  kind: "added" | "removed" | "edited" | "rewired" | "flow" | "layout";
  node?: string;
  detail: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function outputFields(node: FlowNode): Set<string> {
  return new Set(outputsOf(node).map((o) => String(o.path[0])));
}

const label = (id: string, n: FlowNode) => (n.label ? `${n.label} (${id})` : id);

export function diffFlows(before: Flow, after: Flow): FlowChange[] {
  const out: FlowChange[] = [];
  if (before.name !== after.name)
    out.push({ kind: "flow", detail: `name: "${before.name}" → "${after.name}"` });
  if (before.entry !== after.entry)
    out.push({ kind: "flow", detail: `entry: ${before.entry} → ${after.entry}` });
  if ((before.description ?? "") !== (after.description ?? ""))
    out.push({ kind: "flow", detail: "description changed" });
  // RTP capture stores callers' audio: a publish or a conflict names it rather than "settings".
  const { captureRtp: rtpBefore, ...settingsBefore } = before.settings;
  const { captureRtp: rtpAfter, ...settingsAfter } = after.settings;
  if ((rtpBefore === true) !== (rtpAfter === true))
    out.push({
      kind: "flow",
      detail: `RTP capture (call audio in the pcap): ${rtpAfter ? "off → on" : "on → off"}`,
    });
  if (!same(settingsBefore, settingsAfter)) out.push({ kind: "flow", detail: "flow settings changed" });
  for (const [id, a] of Object.entries(before.nodes)) {
    const b = after.nodes[id];
    if (!b) {
      out.push({ kind: "removed", node: id, detail: `removed ${a.type} ${label(id, a)}` });
      continue;
    }
    if (a.type !== b.type) {
      out.push({ kind: "edited", node: id, detail: `${label(id, b)}: ${a.type} → ${b.type}` });
      continue;
    }
    const outs = new Set([...outputFields(a), ...outputFields(b)]);
    const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
    const edited = [...fields].filter(
      (f) => !outs.has(f) && !same((a as Record<string, unknown>)[f], (b as Record<string, unknown>)[f]),
    );
    if (edited.length > 0)
      out.push({ kind: "edited", node: id, detail: `${label(id, b)}: ${edited.join(", ")} changed` });
    const oa = new Map(outputsOf(a).map((o) => [o.name, o.target]));
    for (const o of outputsOf(b)) {
      const was = oa.get(o.name);
      if ((was || undefined) !== (o.target || undefined)) {
        out.push({
          kind: "rewired",
          node: id,
          detail: `${label(id, b)} ${o.name}: ${was || "—"} → ${o.target || "—"}`,
        });
      }
      oa.delete(o.name);
    }
    for (const [name, was] of oa) {
      if (was) out.push({ kind: "rewired", node: id, detail: `${label(id, b)} ${name}: ${was} → —` });
    }
  }
  for (const [id, b] of Object.entries(after.nodes)) {
    if (!before.nodes[id]) out.push({ kind: "added", node: id, detail: `added ${b.type} ${label(id, b)}` });
  }
  const moved = Object.keys(after.layout).filter(
    (id) => before.layout[id] && !same(before.layout[id], after.layout[id]),
  );
  if (moved.length > 0) out.push({ kind: "layout", detail: `${moved.length} node(s) moved` });
  return out;
}
