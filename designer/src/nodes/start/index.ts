import type { NodeKindUi } from "../types.js";
import { StartBody } from "./Body.js";
import { startDefaults } from "./defaults.js";
import { StartInspector } from "./Inspector.js";

export const startUi: NodeKindUi<"start"> = {
  kind: "start",
  title: "Start",
  hint: "Where calls enter",
  icon: "▶",
  color: "#2e7d32",
  addable: false,
  defaults: startDefaults,
  Body: StartBody,
  Inspector: StartInspector,
};
