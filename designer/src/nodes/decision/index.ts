import type { NodeKindUi } from "../types.js";
import { DecisionBody } from "./Body.js";
import { decisionDefaults } from "./defaults.js";
import { DecisionInspector } from "./Inspector.js";

export const decisionUi: NodeKindUi<"decision"> = {
  kind: "decision",
  title: "Custom decision",
  hint: "Ask your own function",
  icon: "λ",
  color: "#37474f",
  addable: true,
  defaults: decisionDefaults,
  Body: DecisionBody,
  Inspector: DecisionInspector,
};
