import type { CallInfo, DecisionEvent } from "@ringflow/flow/protocol";

// The events the edge reports to the decision function, each built to its protocol schema's
// type (no casts): a field the schema does not have, or a missing one, fails to compile.

export type EventOf<T extends DecisionEvent["type"]> = Extract<DecisionEvent, { type: T }>;
type DataOf<T extends DecisionEvent["type"]> = EventOf<T> extends { data?: infer D } ? D : never;

export function callNew(call: CallInfo): EventOf<"call.new"> {
  return { v: 1, type: "call.new", call };
}

export function bridgeDone(
  call: CallInfo,
  state: string | undefined,
  data: DataOf<"bridge.done">,
): EventOf<"bridge.done"> {
  return { v: 1, type: "bridge.done", call, state, data };
}

export function actionFailed(
  call: CallInfo,
  state: string | undefined,
  data: DataOf<"action.failed">,
): EventOf<"action.failed"> {
  return { v: 1, type: "action.failed", call, state, data };
}

export function callEnded(
  call: CallInfo,
  state: string | undefined,
  data: DataOf<"call.ended">,
): EventOf<"call.ended"> {
  return { v: 1, type: "call.ended", call, state, data };
}

/** For executors (media): play.done, collect.done, record.done. */
export function playDone(
  call: CallInfo,
  state: string | undefined,
  data: DataOf<"play.done">,
): EventOf<"play.done"> {
  return { v: 1, type: "play.done", call, state, data };
}

export function collectDone(
  call: CallInfo,
  state: string | undefined,
  data: DataOf<"collect.done">,
): EventOf<"collect.done"> {
  return { v: 1, type: "collect.done", call, state, data };
}

export function recordDone(
  call: CallInfo,
  state: string | undefined,
  data: DataOf<"record.done">,
): EventOf<"record.done"> {
  return { v: 1, type: "record.done", call, state, data };
}
