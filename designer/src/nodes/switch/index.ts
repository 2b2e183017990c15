import type { NodeKindUi } from "../types.js";
import { SwitchBody } from "./Body.js";
import { switchDefaults } from "./defaults.js";
import { SwitchInspector } from "./Inspector.js";

export const switchUi: NodeKindUi<"switch"> = {
  kind: "switch",
  title: "Switch",
  hint: "Branch on caller, number, digits",
  icon: "◇",
  color: "#5d4037",
  addable: true,
  defaults: switchDefaults,
  Body: SwitchBody,
  Inspector: SwitchInspector,
};
