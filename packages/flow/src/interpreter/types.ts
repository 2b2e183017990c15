import type { Action } from "../protocol/actions.js";
import type { CustomerDecisionRequest } from "../protocol/customer.js";
import type { CallInfo, DecisionEvent } from "../protocol/events.js";

/** The customer function's answer (or failure), fed back to `step` by the decision function. */
export interface DecisionResultEvent {
  type: "decision.result";
  call: CallInfo;
  result: { output: string; variables?: Record<string, string> } | { error: "timeout" | "error" | "invalid" };
}

export type StepEvent = DecisionEvent | DecisionResultEvent;

/** What the interpreter waits for after a step: the event that reports the last action, or the function. */
export type Awaiting = "play" | "collect" | "bridge" | "record" | "decision";

export interface StepResult {
  /** Actions for the edge, in order; at most one waits (play, collect, bridge, record) and it is last. */
  actions: Action[];
  /** Opaque, versioned; hand it back with the next event. */
  state: string;
  /** Node ids entered in this step, in order. */
  path: string[];
  /**
   * Set when the flow reached a decision node: invoke `function` with `request` within `timeoutMs`,
   * then call `step` again with a `decision.result` event (keeping these `actions` before the next ones).
   */
  invoke?: { function: string; timeoutMs: number; nodeId: string; request: CustomerDecisionRequest };
  /** The call is over for the flow: a terminal action was emitted (or none is needed). */
  ended: boolean;
  /** What the next event is expected to report; absent when ended. */
  awaiting?: Awaiting;
}
