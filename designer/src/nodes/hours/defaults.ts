import type { NodeOf } from "@ringflow/flow";

/** Weekdays nine to five in the browser's own zone: the common case, edited from there. */
export const hoursDefaults = (): NodeOf<"hours"> => ({
  type: "hours",
  label: "Business hours",
  schedule: {
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00" }],
    exceptions: [],
  },
});
