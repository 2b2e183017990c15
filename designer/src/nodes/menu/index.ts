import type { NodeKindUi } from "../types.js";
import { MenuBody } from "./Body.js";
import { menuDefaults } from "./defaults.js";
import { MenuInspector } from "./Inspector.js";

export const menuUi: NodeKindUi<"menu"> = {
  kind: "menu",
  title: "Menu",
  hint: "Press 1 for…",
  icon: "☰",
  color: "#6a1b9a",
  addable: true,
  defaults: menuDefaults,
  Body: MenuBody,
  Inspector: MenuInspector,
};
