import type { NodeOf, NodeType } from "@ringflow/flow";
import type { FC } from "react";
import type { FlowIssue } from "../core/flowlib.js";

export interface InspectorProps<K extends NodeType> {
  id: string;
  node: NodeOf<K>;
  /** Issues validation pinned to this node. */
  issues: FlowIssue[];
  /** Replace the node; `key` coalesces keystrokes in one field into one undo step. */
  onChange(node: NodeOf<K>, key?: string): void;
}

/** What the designer needs to show one node kind: palette entry, canvas body, inspector, defaults. */
export interface NodeKindUi<K extends NodeType = NodeType> {
  kind: K;
  title: string;
  /** One line for the palette. */
  hint: string;
  /** A short glyph shown on the canvas and in the palette. */
  icon: string;
  /** Accent colour of the node's header. */
  color: string;
  /** Whether the palette offers it (there is one start node per flow). */
  addable: boolean;
  defaults(): NodeOf<K>;
  /** The summary the canvas node shows under its title. */
  Body: FC<{ node: NodeOf<K> }>;
  Inspector: FC<InspectorProps<K>>;
}

/** Every node kind must have its UI: a kind added to the schema fails to compile here until it does. */
export type NodeUiRegistry = { [K in NodeType]: NodeKindUi<K> };
