import type { NodeKindUi } from "../types.js";
import { SetBody } from "./Body.js";
import { setDefaults } from "./defaults.js";
import { SetInspector } from "./Inspector.js";

export const setUi: NodeKindUi<"set"> = {
  kind: "set",
  title: "Set variables",
  hint: "Remember values",
  icon: "=",
  color: "#546e7a",
  addable: true,
  defaults: setDefaults,
  Body: SetBody,
  Inspector: SetInspector,
};
