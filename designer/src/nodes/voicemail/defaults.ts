import type { NodeOf } from "@ringflow/flow";

export const voicemailDefaults = (): NodeOf<"voicemail"> => ({
  type: "voicemail",
  label: "Voicemail",
  mailbox: "main",
  maxLengthSec: 120,
  beep: true,
});
