import type { NodeKindUi } from "../types.js";
import { HoursBody } from "./Body.js";
import { hoursDefaults } from "./defaults.js";
import { HoursInspector } from "./Inspector.js";

export const hoursUi: NodeKindUi<"hours"> = {
  kind: "hours",
  title: "Business hours",
  hint: "Open, closed, holiday",
  icon: "◔",
  color: "#ef6c00",
  addable: true,
  defaults: hoursDefaults,
  Body: HoursBody,
  Inspector: HoursInspector,
};
