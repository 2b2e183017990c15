import type { NodeKindUi } from "../types.js";
import { PlayBody } from "./Body.js";
import { playDefaults } from "./defaults.js";
import { PlayInspector } from "./Inspector.js";

export const playUi: NodeKindUi<"play"> = {
  kind: "play",
  title: "Play message",
  hint: "Say or play something",
  icon: "♪",
  color: "#1565c0",
  addable: true,
  defaults: playDefaults,
  Body: PlayBody,
  Inspector: PlayInspector,
};
