import { isRealDate } from "../../hours/zone.js";
import { type FlowIssue, issue } from "../issue.js";
import type { Rule } from "../rule.js";

/**
 * Holidays and other exceptions are real dates: either a dated day (`date`, YYYY-MM-DD) or a day
 * that recurs every year (`month` and `day`; 29 February allowed), never both or neither.
 */
export const holidays: Rule = {
  codes: ["invalid_date", "ambiguous_date"],
  check({ entries }) {
    const found: FlowIssue[] = [];
    for (const [id, n] of entries) {
      if (n.type !== "hours") continue;
      (n.schedule.exceptions ?? []).forEach((e, i) => {
        const path = ["nodes", id, "schedule", "exceptions", i];
        const recurring = e.month !== undefined || e.day !== undefined;
        if (e.date !== undefined && recurring) {
          found.push(issue("ambiguous_date", path, `"${e.name}" has both a date and a month/day`));
        } else if (e.date !== undefined) {
          const [y, m, d] = e.date.split("-").map(Number) as [number, number, number];
          if (!isRealDate(y, m, d)) {
            found.push(issue("invalid_date", [...path, "date"], `${e.date} is not a calendar date`));
          }
        } else if (e.month === undefined || e.day === undefined) {
          found.push(
            issue(
              "ambiguous_date",
              path,
              `"${e.name}" needs a date, or both a month and a day for a yearly one`,
            ),
          );
        } else if (!isRealDate(2000, e.month, e.day)) {
          found.push(issue("invalid_date", [...path, "day"], `month ${e.month} has no day ${e.day}`));
        }
      });
    }
    return found;
  },
};
