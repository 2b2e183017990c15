import type { FlowNode } from "../schema/nodes.js";

/** One successor output of a node: the designer draws a handle for each. */
export interface NodeOutput {
  /** Output name: `next`, `open`, `busy`, an option key, a route name, `case:0`, `split:1`, ... */
  name: string;
  /** Path of the field holding the successor id, relative to the node. */
  path: (string | number)[];
  /** The successor node id, or undefined when the output is not wired. */
  target: string | undefined;
  /**
   * Whether validation wants it wired (an unwired required output is an error unless the flow has a
   * fallback). Unwired optional outputs end the call at run time (bridge `answered`, voicemail `next`)
   * or cannot be taken (forward outputs in redirect mode, `default` under a percentage split).
   */
  required: boolean;
}

const out = (name: string, path: (string | number)[], target: string | undefined, required: boolean) => ({
  name,
  path,
  target,
  required,
});

/** The single place that knows which fields of a node are successor outputs, in display order. */
export function outputsOf(node: FlowNode): NodeOutput[] {
  switch (node.type) {
    case "start":
    case "play":
    case "set":
      return [out("next", ["next"], node.next, true)];
    case "menu":
      return [
        ...Object.entries(node.options).map(([key, target]) => out(key, ["options", key], target, true)),
        out("failure", ["failure"], node.failure, true),
      ];
    case "collect":
      return [out("next", ["next"], node.next, true), out("timeout", ["timeout"], node.timeout, true)];
    case "forward": {
      const bridge = node.mode === "bridge";
      return [
        out("answered", ["answered"], node.answered, false),
        out("busy", ["busy"], node.busy, bridge),
        out("noAnswer", ["noAnswer"], node.noAnswer, bridge),
        out("failed", ["failed"], node.failed, bridge),
      ];
    }
    case "voicemail":
      return [out("next", ["next"], node.next, false)];
    case "hours":
      return [
        out("open", ["open"], node.open, true),
        out("closed", ["closed"], node.closed, true),
        // Only takeable when the schedule has exceptions.
        out("holiday", ["holiday"], node.holiday, (node.schedule.exceptions ?? []).length > 0),
      ];
    case "switch": {
      const split = node.split ?? [];
      return [
        ...node.cases.map((c, i) => out(`case:${i}`, ["cases", i, "next"], c.next, true)),
        ...split.map((s, i) => out(`split:${i}`, ["split", i, "next"], s.next, s.percent > 0)),
        out("default", ["default"], node.default, split.length === 0),
      ];
    }
    case "decision":
      return [
        ...Object.entries(node.routes).map(([key, target]) => out(key, ["routes", key], target, true)),
        out("error", ["error"], node.error, true),
        out("timeout", ["timeout"], node.timeout, true),
      ];
    case "hangup":
      return [];
  }
}

/** Node kinds that stop and wait for the caller (or the network) before moving on. */
export function waitsForCaller(node: FlowNode): boolean {
  switch (node.type) {
    case "play":
    case "menu":
    case "collect":
    case "voicemail":
      return true;
    case "forward":
      return node.mode === "bridge";
    default:
      return false;
  }
}

const byName = new WeakMap<FlowNode, Map<string, NodeOutput>>();

/** A node's outputs by name, memoised per node object (parsed flows are not mutated while they run). */
export function outputNamed(node: FlowNode, name: string): NodeOutput | undefined {
  let m = byName.get(node);
  if (!m) {
    m = new Map(outputsOf(node).map((o) => [o.name, o]));
    byName.set(node, m);
  }
  return m.get(name);
}
