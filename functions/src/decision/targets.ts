import { isEdgeAddress, isInternalHost, targetAddress } from "@ringflow/flow";
import type { Action } from "@ringflow/flow/protocol";

// Run-time screening of where an answer sends a call. Validation refuses internal and looping
// targets at save and publish (`internal_target`, `call_loop`), but an answer can still name one:
// a flow published before the policy changed, an E.164 target dialled at the host of the caller's
// own request URI (`sip:+1555@127.0.0.1:22` reaches the edge like any INVITE), or the fallback of
// a flow. So every bridge target and redirect contact is checked again before the edge sees it.
// The edge checks the address once more after DNS (edge/src/protect/targets.ts): this layer sees
// only literals and names, and keeps the flow's own failure path for what it refuses.

export interface RunTargetPolicy {
  /** The edge's own `host` / `host:port` entries: a target there is a call loop. */
  edgeHosts: readonly string[];
  /** Loopback, private and link-local targets are allowed (local mode). */
  allowPrivateTargets: boolean;
}

export type TargetRefusal = { target: string; why: "internal_target" | "call_loop" };

/** undefined = the target may be dialled; otherwise why not. */
export function refuseTarget(uri: string, policy: RunTargetPolicy): TargetRefusal["why"] | undefined {
  const addr = targetAddress(uri.trim().replace(/^<(.*)>$/, "$1"));
  // Not a sip:/sips: URI: the edge cannot dial it (it fails the leg itself); nothing to reach.
  if (!addr) return undefined;
  if (isEdgeAddress(addr, policy.edgeHosts)) return "call_loop";
  if (!policy.allowPrivateTargets && isInternalHost(addr.host)) return "internal_target";
  return undefined;
}

export interface Screened {
  actions: Action[];
  refused: TargetRefusal[];
  /** Every target of the last (waiting) bridge was refused: it was removed, the flow must hear it failed. */
  bridgeFailed: boolean;
}

/**
 * Drops refused targets from bridge and redirect actions. A redirect left with no contact becomes
 * a 480 hangup; a bridge left with no target is removed and reported (`bridgeFailed`), so the
 * caller of this function can feed the flow `bridge.done` failed and take its failure path.
 */
export function screenActions(actions: readonly Action[], policy: RunTargetPolicy): Screened {
  const refused: TargetRefusal[] = [];
  const out: Action[] = [];
  let bridgeFailed = false;
  const keep = (uri: string): boolean => {
    const why = refuseTarget(uri, policy);
    if (why) refused.push({ target: uri.slice(0, 256), why });
    return !why;
  };
  for (const a of actions) {
    if (a.type === "bridge") {
      const targets = a.targets.filter((t) => keep(t.uri));
      if (targets.length > 0) out.push(targets.length === a.targets.length ? a : { ...a, targets });
      else bridgeFailed = true;
    } else if (a.type === "redirect") {
      const contacts = a.contacts.filter((c) => keep(c.uri));
      out.push(
        contacts.length > 0
          ? contacts.length === a.contacts.length
            ? a
            : { ...a, contacts }
          : { type: "hangup", status: 480, reason: "Target refused" },
      );
    } else out.push(a);
  }
  return { actions: out, refused, bridgeFailed };
}
