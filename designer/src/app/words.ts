// Validation in the admin's words: nodes by their label (or kind), outputs as they read on the
// canvas ("press 1", "no answer"), fields as phrases, and what happens to a caller. The issue's
// code and path stay as they are, for tools and for pinning to a node and a field.
import type { Flow } from "@ringflow/flow";
import { outputWords } from "../core/canvas.js";
import { type FlowIssue, outputsOf } from "../core/flowlib.js";
import { NODE_UI } from "../nodes/registry.js";

/** "Main menu", or "Forward forward2" for a node without a label. */
export function nodeName(flow: Flow, id: string): string {
  const n = flow.nodes[id];
  if (!n) return id;
  return n.label?.trim() || `${NODE_UI[n.type].title} ${id}`;
}

/** `prompt.text` -> "prompt text", `targets.0.uri` -> "target 1 uri", `schedule.timeZone` -> "schedule time zone". */
export function fieldWords(field: string): string {
  return field
    .split(".")
    .map((p) =>
      /^\d+$/.test(p) ? String(Number(p) + 1) : p.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase(),
    )
    .join(" ")
    .replace(/s (\d+)/g, " $1");
}

function fallbackWords(flow: Flow): string | undefined {
  const f = flow.settings.fallback;
  if (!f) return undefined;
  if (f.type === "hangup") return `the flow's fallback (hang up with ${f.status})`;
  if (f.type === "forward") return `the flow's fallback (forward to ${f.uri || "?"})`;
  return "the flow's fallback";
}

/** The output at `path` of node `id`, in words. */
function outputAt(flow: Flow, id: string, path: (string | number)[]): string | undefined {
  const n = flow.nodes[id];
  if (!n) return undefined;
  const o = outputsOf(n).find((x) => x.path.join(".") === path.join("."));
  return o ? outputWords(o) : undefined;
}

const quoted = /"([^"]+)"/g;

export function speak(issues: FlowIssue[], flow: Flow): FlowIssue[] {
  const fb = fallbackWords(flow);
  return issues.map((i) => {
    const id = i.path[0] === "nodes" && typeof i.path[1] === "string" ? i.path[1] : undefined;
    const name = id ? nodeName(flow, id) : undefined;
    const rest = i.path.slice(2);
    switch (i.code) {
      case "unwired_output": {
        const out = id ? outputAt(flow, id, rest) : undefined;
        return {
          ...i,
          message: `${name}: "${out ?? rest.join(" ")}" leads nowhere${fb ? `; callers get ${fb}` : ", and the flow has no fallback"}`,
        };
      }
      case "unreachable":
        return { ...i, message: `${name} can never be reached: no arrow leads to it` };
      case "unknown_node":
        return {
          ...i,
          message: `${name}: "${outputAt(flow, id ?? "", rest) ?? rest.join(" ")}" points at a node that no longer exists`,
        };
      case "cycle_without_wait":
        return {
          ...i,
          message: `${name} is in a loop where nothing waits for the caller, so a call would spin`,
        };
      default:
        // Other messages keep their wording, with node ids as names.
        return {
          ...i,
          message: i.message.replace(quoted, (m, q: string) =>
            flow.nodes[q] ? `"${nodeName(flow, q)}"` : m,
          ),
        };
    }
  });
}

/**
 * Outputs a caller can take that lead nowhere while a fallback exists: the flow package accepts
 * them (the fallback catches the call), but a caller who presses 3 and is hung up on would not agree,
 * so they are warnings here.
 */
export function unwiredWithFallback(flow: Flow, already: FlowIssue[]): FlowIssue[] {
  if (!flow.settings.fallback) return [];
  const seen = new Set(already.map((i) => i.path.join(".")));
  const found: FlowIssue[] = [];
  for (const [id, n] of Object.entries(flow.nodes)) {
    for (const o of outputsOf(n)) {
      if (!o.required || o.target) continue;
      const path = ["nodes", id, ...o.path];
      if (seen.has(path.join("."))) continue;
      found.push({ code: "unwired_output", path, message: "", severity: "warning" });
    }
  }
  return found;
}
