// The per-kind UI, checked by the compiler against the flow's node kinds (see NodeUiRegistry).
import type { NodeType } from "@ringflow/flow";
import { collectUi } from "./collect/index.js";
import { decisionUi } from "./decision/index.js";
import { forwardUi } from "./forward/index.js";
import { hangupUi } from "./hangup/index.js";
import { hoursUi } from "./hours/index.js";
import { menuUi } from "./menu/index.js";
import { playUi } from "./play/index.js";
import { setUi } from "./set/index.js";
import { startUi } from "./start/index.js";
import { switchUi } from "./switch/index.js";
import type { NodeKindUi, NodeUiRegistry } from "./types.js";
import { voicemailUi } from "./voicemail/index.js";

export const NODE_UI: NodeUiRegistry = {
  start: startUi,
  play: playUi,
  menu: menuUi,
  collect: collectUi,
  forward: forwardUi,
  voicemail: voicemailUi,
  hours: hoursUi,
  switch: switchUi,
  set: setUi,
  decision: decisionUi,
  hangup: hangupUi,
};

/** The registry entry as the general (non-generic) shape, for code that handles any kind. */
export const uiOf = (kind: NodeType): NodeKindUi => NODE_UI[kind] as unknown as NodeKindUi;
