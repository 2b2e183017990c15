import type { NodeKindUi } from "../types.js";
import { HangupBody } from "./Body.js";
import { hangupDefaults } from "./defaults.js";
import { HangupInspector } from "./Inspector.js";

export const hangupUi: NodeKindUi<"hangup"> = {
  kind: "hangup",
  title: "Hang up",
  hint: "End the call",
  icon: "■",
  color: "#c62828",
  addable: true,
  defaults: hangupDefaults,
  Body: HangupBody,
  Inspector: HangupInspector,
};
