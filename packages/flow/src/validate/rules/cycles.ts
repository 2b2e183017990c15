import { edgesOf } from "../../graph/edges.js";
import { waitsForCaller } from "../../graph/outputs.js";
import { cyclicComponents } from "../../graph/scc.js";
import { issue } from "../issue.js";
import type { Rule } from "../rule.js";

/**
 * Every cycle passes through a node that waits for the caller (play, menu, collect, voicemail, bridge):
 * a loop of switch/set/hours/decision nodes would spin without the caller doing anything.
 */
export const cycles: Rule = {
  codes: ["cycle_without_wait"],
  check(ctx) {
    const { flow } = ctx;
    const edges = edgesOf(ctx);
    const instant = Object.keys(flow.nodes).filter((id) => !waitsForCaller(flow.nodes[id]!));
    const isInstant = new Set(instant);
    const instantEdges = new Map(
      instant.map((id) => [id, (edges.get(id) ?? []).filter((t) => isInstant.has(t))]),
    );
    return cyclicComponents(instant, (id) => instantEdges.get(id) ?? []).map((comp) =>
      issue(
        "cycle_without_wait",
        ["nodes", comp[0] as string],
        `the loop ${[...comp, comp[0]].join(" -> ")} never waits for the caller`,
      ),
    );
  },
};
