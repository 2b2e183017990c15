// New-node defaults per kind (pure, no UI): the edit functions use this map; the UI registry
// (registry.ts) reuses the same factories.
import type { NodeOf, NodeType } from "@ringflow/flow";
import { collectDefaults } from "./collect/defaults.js";
import { decisionDefaults } from "./decision/defaults.js";
import { forwardDefaults } from "./forward/defaults.js";
import { hangupDefaults } from "./hangup/defaults.js";
import { hoursDefaults } from "./hours/defaults.js";
import { menuDefaults } from "./menu/defaults.js";
import { playDefaults } from "./play/defaults.js";
import { setDefaults } from "./set/defaults.js";
import { startDefaults } from "./start/defaults.js";
import { switchDefaults } from "./switch/defaults.js";
import { voicemailDefaults } from "./voicemail/defaults.js";

export const NODE_DEFAULTS: { [K in NodeType]: () => NodeOf<K> } = {
  start: startDefaults,
  play: playDefaults,
  menu: menuDefaults,
  collect: collectDefaults,
  forward: forwardDefaults,
  voicemail: voicemailDefaults,
  hours: hoursDefaults,
  switch: switchDefaults,
  set: setDefaults,
  decision: decisionDefaults,
  hangup: hangupDefaults,
};
