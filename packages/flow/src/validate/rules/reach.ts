import { isEdgeAddress, isInternalHost, targetAddress } from "../../sip/address.js";
import { isE164 } from "../../sip/target.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/**
 * Where targets lead (needs the deployment's policy): a target at the edge's own address, or an
 * E.164 target dialled through the edge to one of the tenant's own numbers, calls back into the
 * edge (`call_loop`: one INVITE fans out until Max-Forwards runs out, in width as well as depth);
 * a target at a loopback, private or link-local address is refused (`internal_target`) unless
 * the deployment allows it (local mode).
 */
export const reach: Rule = {
  codes: ["call_loop", "internal_target"],
  check({ flow, entries, policy }) {
    if (!policy) return [];
    const edge = policy.edgeHosts ?? [];
    const own = new Set(policy.ownNumbers ?? []);
    const trunk = flow.settings.trunkHost;
    // E.164 targets go to trunkHost, else back to the host the call came in on: the edge.
    const trunkIsEdge = trunk === undefined || isEdgeAddress(targetAddress(`sip:${trunk}`)!, edge);
    const found: FlowIssue[] = [];
    const check = (uri: string, path: (string | number)[]) => {
      if (isE164(uri)) {
        if (trunkIsEdge && own.has(uri))
          found.push(
            issue(
              "call_loop",
              path,
              `${uri} is one of this tenant's numbers: the call would come back into Ringflow`,
            ),
          );
        return;
      }
      const addr = targetAddress(uri);
      if (!addr) return;
      if (isEdgeAddress(addr, edge))
        found.push(issue("call_loop", path, `${uri} is the Ringflow edge itself: the call would loop`));
      else if (!policy.allowPrivateTargets && isInternalHost(addr.host))
        found.push(
          issue(
            "internal_target",
            path,
            `${uri} is a loopback, private or link-local address: calls may only go to public destinations`,
          ),
        );
    };
    for (const [id, n] of entries) {
      if (n.type !== "forward") continue;
      for (const [i, t] of n.targets.entries()) check(t.uri, ["nodes", id, "targets", i, "uri"]);
    }
    const fb = flow.settings.fallback;
    if (fb?.type === "forward") check(fb.uri, ["settings", "fallback", "uri"]);
    if (trunk !== undefined && !policy.allowPrivateTargets) {
      const addr = targetAddress(`sip:${trunk}`);
      if (addr && isInternalHost(addr.host))
        found.push(
          issue(
            "internal_target",
            ["settings", "trunkHost"],
            `${trunk} is a loopback, private or link-local address`,
          ),
        );
    }
    return found;
  },
};
