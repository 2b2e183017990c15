import type { NodeKindUi } from "../types.js";
import { VoicemailBody } from "./Body.js";
import { voicemailDefaults } from "./defaults.js";
import { VoicemailInspector } from "./Inspector.js";

export const voicemailUi: NodeKindUi<"voicemail"> = {
  kind: "voicemail",
  title: "Voicemail",
  hint: "Record a message",
  icon: "✉",
  color: "#ad1457",
  addable: true,
  defaults: voicemailDefaults,
  Body: VoicemailBody,
  Inspector: VoicemailInspector,
};
