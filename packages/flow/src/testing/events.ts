// Protocol events for tests and the simulator.

import type { StepEvent } from "../interpreter/types.js";
import type { BridgeOutcome, CallInfo } from "../protocol/events.js";

export function callInfo(over: Partial<CallInfo> = {}): CallInfo {
  return {
    id: "call-1",
    from: "sip:+15550100@198.51.100.7",
    to: "sip:+15550199@ringflow.test",
    requestUri: "sip:+15550199@ringflow.test",
    sourceIp: "198.51.100.7",
    receivedAt: "2026-03-02T15:00:00Z",
    headers: {},
    ...over,
  };
}

export const events = (call: CallInfo) => ({
  new: (): StepEvent => ({ v: 1, type: "call.new", call }),
  digits: (
    digits: string,
    reason: "complete" | "terminator" | "timeout" | "maxDigits" = "complete",
  ): StepEvent => ({
    v: 1,
    type: "collect.done",
    call,
    data: { digits, reason },
  }),
  silence: (): StepEvent => ({ v: 1, type: "collect.done", call, data: { digits: "", reason: "timeout" } }),
  played: (): StepEvent => ({ v: 1, type: "play.done", call, data: { interrupted: false } }),
  recorded: (): StepEvent => ({
    v: 1,
    type: "record.done",
    call,
    data: { key: "rec/1.wav", durationSec: 12 },
  }),
  bridged: (outcome: BridgeOutcome): StepEvent => ({
    v: 1,
    type: "bridge.done",
    call,
    data: {
      outcome,
      sipCode: { answered: 200, busy: 486, noAnswer: 408, rejected: 603, failed: 503 }[outcome],
    },
  }),
  failed: (action: string): StepEvent => ({
    v: 1,
    type: "action.failed",
    call,
    data: { action, code: "media_failed" },
  }),
  ended: (): StepEvent => ({ v: 1, type: "call.ended", call, data: { by: "caller" } }),
  decided: (output: string, variables?: Record<string, string>): StepEvent => ({
    type: "decision.result",
    call,
    result: variables ? { output, variables } : { output },
  }),
  decisionFailed: (error: "timeout" | "error" | "invalid"): StepEvent => ({
    type: "decision.result",
    call,
    result: { error },
  }),
});
