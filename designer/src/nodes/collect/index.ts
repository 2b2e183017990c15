import type { NodeKindUi } from "../types.js";
import { CollectBody } from "./Body.js";
import { collectDefaults } from "./defaults.js";
import { CollectInspector } from "./Inspector.js";

export const collectUi: NodeKindUi<"collect"> = {
  kind: "collect",
  title: "Collect digits",
  hint: "Ask for a number",
  icon: "#",
  color: "#4527a0",
  addable: true,
  defaults: collectDefaults,
  Body: CollectBody,
  Inspector: CollectInspector,
};
