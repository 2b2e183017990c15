import { isTimeZone } from "../../hours/zone.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/** An hours node's schedule names a real IANA time zone. */
export const timezone: Rule = {
  codes: ["unknown_time_zone"],
  check({ entries }) {
    const found: FlowIssue[] = [];
    for (const [id, n] of entries) {
      if (n.type === "hours" && !isTimeZone(n.schedule.timeZone)) {
        found.push(
          issue(
            "unknown_time_zone",
            ["nodes", id, "schedule", "timeZone"],
            `"${n.schedule.timeZone}" is not an IANA time zone such as Europe/London`,
          ),
        );
      }
    }
    return found;
  },
};
