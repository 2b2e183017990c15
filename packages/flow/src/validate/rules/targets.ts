import { isTarget } from "../../sip/target.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

const message = (uri: string) =>
  `"${uri}" is neither a SIP URI (sip:user@host) nor an E.164 number (+15551234567)`;

/** Forward targets and a forwarding fallback are SIP URIs or E.164 numbers. */
export const targets: Rule = {
  codes: ["invalid_target"],
  check({ flow, entries }) {
    const found: FlowIssue[] = [];
    for (const [id, n] of entries) {
      if (n.type !== "forward") continue;
      n.targets.forEach((t, i) => {
        if (!isTarget(t.uri))
          found.push(issue("invalid_target", ["nodes", id, "targets", i, "uri"], message(t.uri)));
      });
    }
    const fb = flow.settings.fallback;
    if (fb?.type === "forward" && !isTarget(fb.uri)) {
      found.push(issue("invalid_target", ["settings", "fallback", "uri"], message(fb.uri)));
    }
    return found;
  },
};
