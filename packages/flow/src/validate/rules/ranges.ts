import { clockMinutes } from "../../hours/zone.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/**
 * Time ranges are well ordered (start before end; a range past midnight is two ranges, end 24:00
 * allowed), a half day (`kind: "hours"`) has ranges, and a weekly range names each day once.
 */
export const ranges: Rule = {
  codes: ["range_order", "missing_ranges", "duplicate_day"],
  check({ entries }) {
    const found: FlowIssue[] = [];
    const order = (start: string, end: string, path: (string | number)[]) => {
      if (clockMinutes(start) >= clockMinutes(end)) {
        found.push(
          issue(
            "range_order",
            path,
            `range ${start}-${end} must start before it ends (split ranges at midnight)`,
          ),
        );
      }
    };
    for (const [id, n] of entries) {
      if (n.type !== "hours") continue;
      const base = ["nodes", id, "schedule"];
      n.schedule.weekly.forEach((r, i) => {
        order(r.start, r.end, [...base, "weekly", i]);
        if (new Set(r.days).size !== r.days.length) {
          found.push(
            issue("duplicate_day", [...base, "weekly", i, "days"], "a day is listed twice", "warning"),
          );
        }
      });
      (n.schedule.exceptions ?? []).forEach((e, i) => {
        (e.ranges ?? []).forEach((r, j) => {
          order(r.start, r.end, [...base, "exceptions", i, "ranges", j]);
        });
        if (e.kind === "hours" && (e.ranges ?? []).length === 0) {
          found.push(
            issue(
              "missing_ranges",
              [...base, "exceptions", i, "ranges"],
              `"${e.name}" is a half day without hours`,
            ),
          );
        }
        if (e.kind === "closed" && (e.ranges ?? []).length > 0) {
          found.push(
            issue(
              "missing_ranges",
              [...base, "exceptions", i, "ranges"],
              `"${e.name}" is closed all day; its ranges are ignored`,
              "warning",
            ),
          );
        }
      });
    }
    return found;
  },
};
