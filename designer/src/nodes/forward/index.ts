import type { NodeKindUi } from "../types.js";
import { ForwardBody } from "./Body.js";
import { forwardDefaults } from "./defaults.js";
import { ForwardInspector } from "./Inspector.js";

export const forwardUi: NodeKindUi<"forward"> = {
  kind: "forward",
  title: "Forward",
  hint: "Ring people or redirect",
  icon: "☎",
  color: "#00838f",
  addable: true,
  defaults: forwardDefaults,
  Body: ForwardBody,
  Inspector: ForwardInspector,
};
