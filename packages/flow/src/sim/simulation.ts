import { step } from "../interpreter/step.js";
import type { Awaiting, StepEvent, StepResult } from "../interpreter/types.js";
import type { Action } from "../protocol/actions.js";
import type { CallInfo } from "../protocol/events.js";
import type { Flow } from "../schema/flow.js";
import type { SimInput } from "./input.js";

export interface SimOptions {
  /** The simulated clock: the call arrives at `at` and the clock does not move (hours read it). */
  at: Date;
  /** Caller and called number (E.164 or a SIP URI); defaults +15550100 and +15550199. */
  from?: string;
  to?: string;
  /** The call id, which seeds percentage splits; default "sim-call". */
  callId?: string;
  /** Host of the request URI (where E.164 targets are dialled without settings.trunkHost); default "ringflow.invalid". */
  host?: string;
}

/** What a simulation waits for next: caller digits (or silence), a forward's outcome, a decision's answer. */
export type SimAwaiting = "digits" | "forward" | "decision";

export type SimOutcome =
  | { kind: "redirected"; contacts: string[] }
  | { kind: "bridged"; target?: string }
  | { kind: "hangup"; status?: number; reason?: string; answered: boolean }
  | { kind: "caller_hangup"; answered: boolean }
  | { kind: "waiting"; for: SimAwaiting; node?: string }
  | { kind: "unexpected_input"; expected: SimAwaiting | "nothing"; input: SimInput; node?: string };

export interface SimStep {
  /** Nodes entered because of this input, and the actions the edge would have run. */
  path: string[];
  actions: Action[];
  /** Set when the input did not fit what the flow waits for (nothing happened). */
  error?: { code: "unexpected_input"; expected: SimAwaiting | "nothing" };
  ended: boolean;
  awaiting?: SimAwaiting;
}

export interface SimResult {
  path: string[];
  actions: Action[];
  outcome: SimOutcome;
  /** Mailboxes a message was recorded in. */
  recorded: string[];
  /** Inputs left over after the call ended or stopped on an unexpected input. */
  unusedInputs: number;
}

export interface Simulation {
  /** Feed the next input; plays and recordings complete on their own. */
  send(input: SimInput): SimStep;
  readonly path: readonly string[];
  readonly actions: readonly Action[];
  readonly ended: boolean;
  readonly awaiting: SimAwaiting | undefined;
  /** The node waiting for the next input. */
  readonly node: string | undefined;
  outcome(): SimOutcome;
  result(): SimResult;
}

const toUri = (n: string, host: string) =>
  n.startsWith("sip:") || n.startsWith("sips:") ? n : `sip:${n}@${host}`;

const simAwaiting = (a: Awaiting | undefined): SimAwaiting | undefined =>
  a === "collect" ? "digits" : a === "bridge" ? "forward" : a === "decision" ? "decision" : undefined;

/** Drive `step` input by input (the designer's step-through), with the clock fixed at `opts.at`. */
export function createSimulation(flow: Flow, opts: SimOptions): Simulation {
  const host = opts.host ?? "ringflow.invalid";
  const to = toUri(opts.to ?? "+15550199", host);
  const call: CallInfo = {
    id: opts.callId ?? "sim-call",
    from: toUri(opts.from ?? "+15550100", host),
    to,
    requestUri: to,
    sourceIp: "192.0.2.1",
    receivedAt: opts.at.toISOString(),
    headers: {},
  };
  const path: string[] = [];
  const actions: Action[] = [];
  const recorded: string[] = [];
  let state: string | undefined;
  let last: StepResult | undefined;
  let lastWaitNode: string | undefined;
  let callerHungUp = false;
  let answered = false;

  /** Run one event, then complete plays and recordings on their own until the flow needs an input. */
  function advance(event: StepEvent): SimStep {
    const out: SimStep = { path: [], actions: [], ended: false };
    let next: StepEvent | undefined = event;
    // Plays and records each enter a node or end a retry, so the step cap bounds this loop too.
    for (let guard = 0; next && guard < flow.settings.limits.maxSteps * 4 + 16; guard++) {
      const r = step(flow, state, next, opts.at);
      state = r.state;
      last = r;
      out.path.push(...r.path);
      out.actions.push(...r.actions);
      if (r.actions.some((a) => a.type === "answer")) answered = true;
      const lastNode = r.path[r.path.length - 1];
      if (lastNode) lastWaitNode = lastNode;
      next = undefined;
      if (r.ended) break;
      if (r.awaiting === "play") next = { v: 1, type: "play.done", call, data: { interrupted: false } };
      if (r.awaiting === "record") {
        const rec = r.actions.find((a) => a.type === "record");
        if (rec) recorded.push(rec.mailbox);
        next = { v: 1, type: "record.done", call, data: { key: `sim/${call.id}.wav`, durationSec: 10 } };
      }
    }
    path.push(...out.path);
    actions.push(...out.actions);
    out.ended = last?.ended ?? false;
    const awaiting = out.ended ? undefined : simAwaiting(last?.awaiting);
    if (awaiting) out.awaiting = awaiting;
    return out;
  }

  advance({ v: 1, type: "call.new", call });

  const sim: Simulation = {
    send(input) {
      const expected = last?.ended ? "nothing" : (simAwaiting(last?.awaiting) ?? "nothing");
      const event = toEvent(input, expected, call);
      if (!event) {
        return {
          path: [],
          actions: [],
          error: { code: "unexpected_input", expected },
          ended: last?.ended ?? false,
          ...(expected !== "nothing" ? { awaiting: expected } : {}),
        };
      }
      if (event.type === "call.ended") callerHungUp = true;
      if ("forward" in input && input.forward === "answered") answered = true;
      return advance(event);
    },
    get path() {
      return path;
    },
    get actions() {
      return actions;
    },
    get ended() {
      return last?.ended ?? false;
    },
    get awaiting() {
      return last?.ended ? undefined : simAwaiting(last?.awaiting);
    },
    get node() {
      return last?.ended ? undefined : lastWaitNode;
    },
    outcome() {
      if (callerHungUp) return { kind: "caller_hangup", answered };
      if (!last?.ended) {
        return {
          kind: "waiting",
          for: simAwaiting(last?.awaiting) ?? "digits",
          ...(lastWaitNode ? { node: lastWaitNode } : {}),
        };
      }
      const final = last.actions[last.actions.length - 1];
      if (final?.type === "redirect")
        return { kind: "redirected", contacts: final.contacts.map((c) => c.uri) };
      if (final?.type === "hangup") {
        return {
          kind: "hangup",
          ...(final.status !== undefined ? { status: final.status } : {}),
          ...(final.reason !== undefined ? { reason: final.reason } : {}),
          answered,
        };
      }
      const bridge = [...actions].reverse().find((a) => a.type === "bridge");
      return { kind: "bridged", ...(bridge?.type === "bridge" ? { target: bridge.targets[0]?.uri } : {}) };
    },
    result() {
      return {
        path: [...path],
        actions: [...actions],
        outcome: sim.outcome(),
        recorded: [...recorded],
        unusedInputs: 0,
      };
    },
  };
  return sim;
}

function toEvent(input: SimInput, expected: SimAwaiting | "nothing", call: CallInfo): StepEvent | undefined {
  if ("hangup" in input)
    return expected === "nothing" ? undefined : { v: 1, type: "call.ended", call, data: { by: "caller" } };
  if (expected === "digits" && "digits" in input) {
    return { v: 1, type: "collect.done", call, data: { digits: input.digits, reason: "complete" } };
  }
  if (expected === "digits" && "silence" in input) {
    return { v: 1, type: "collect.done", call, data: { digits: "", reason: "timeout" } };
  }
  if (expected === "forward" && "forward" in input) {
    const sipCode = { answered: 200, busy: 486, noAnswer: 408, rejected: 603, failed: 503 }[input.forward];
    return { v: 1, type: "bridge.done", call, data: { outcome: input.forward, sipCode } };
  }
  if (expected === "decision" && "decision" in input) {
    return {
      type: "decision.result",
      call,
      result: input.variables
        ? { output: input.decision, variables: input.variables }
        : { output: input.decision },
    };
  }
  if (expected === "decision" && "decisionError" in input) {
    return { type: "decision.result", call, result: { error: input.decisionError } };
  }
  return undefined;
}

/** Run a whole script: the path of node ids, the actions, and how the call ended (or where it stopped). */
export function simulate(flow: Flow, opts: SimOptions & { inputs: readonly SimInput[] }): SimResult {
  const sim = createSimulation(flow, opts);
  let used = 0;
  for (const input of opts.inputs) {
    if (sim.ended) break;
    const expected = sim.awaiting ?? "nothing";
    const node = sim.node;
    const r = sim.send(input);
    used++;
    if (r.error) {
      return {
        ...sim.result(),
        outcome: { kind: "unexpected_input", expected, input, ...(node ? { node } : {}) },
        unusedInputs: opts.inputs.length - used,
      };
    }
  }
  return { ...sim.result(), unusedInputs: opts.inputs.length - used };
}
