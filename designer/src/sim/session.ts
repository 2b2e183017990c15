// A stepwise simulation of one call for the simulator panel, over `createSimulation` of
// @ringflow/flow: the admin sets the time and the numbers, then answers what the flow waits for
// (digits, the outcome of a forward, a custom decision); plays and recordings complete on their
// own. Sessions are immutable values (React state): each answer replays the inputs so far on a
// fresh simulation, which is cheap and keeps every earlier session valid.
import {
  type Action,
  type BridgeOutcome,
  createSimulation,
  Flow,
  type SimAwaiting,
  type SimInput,
  type SimOutcome,
} from "@ringflow/flow";
import { hopOf, SIM_HOST, type SimHop } from "./explain.js";

export interface SimOptions {
  /** When the call arrives. */
  at: Date;
  from: string;
  to: string;
}

export interface SimStep {
  /** What caused this step: "call arrives", "pressed 1", "forward busy", ... */
  cause: string;
  path: string[];
  actions: Action[];
  /** Each move from one node to the next in this step: the output taken and why. */
  hops: SimHop[];
}

export interface SimSession {
  flow: Flow;
  opts: SimOptions;
  inputs: SimInput[];
  /** Every node entered, in order. */
  path: string[];
  steps: SimStep[];
  /** The canvas edges taken, in order (only the chosen one of parallel outputs). */
  edges: string[];
  awaiting?: SimAwaiting | undefined;
  /** The node waiting for the next input. */
  node?: string | undefined;
  ended: boolean;
  outcome: SimOutcome;
}

export class SimError extends Error {
  constructor(
    readonly code: "invalid_flow" | "not_waiting" | "ended",
    message: string,
  ) {
    super(message);
    this.name = "SimError";
  }
}

function cause(i: SimInput): string {
  if ("digits" in i) return `pressed ${i.digits}`;
  if ("silence" in i) return "no input";
  if ("forward" in i) return `forward ${i.forward}`;
  if ("decision" in i) return `function answered ${i.decision}`;
  if ("decisionError" in i) return `function ${i.decisionError}`;
  return "caller hung up";
}

/** The hops along `nodes` entered after `prev`; the first one is decided by `decider` when given. */
function hopsAlong(
  flow: Flow,
  at: Date,
  prev: string | undefined,
  nodes: string[],
  decider?: SimInput,
): SimHop[] {
  const hops: SimHop[] = [];
  let from = prev;
  nodes.forEach((to, i) => {
    if (from !== undefined) {
      const hop = hopOf(flow, from, to, at, i === 0 ? decider : undefined);
      if (hop) hops.push(hop);
    }
    from = to;
  });
  return hops;
}

function run(flow: Flow, opts: SimOptions, inputs: SimInput[]): SimSession {
  const sim = createSimulation(flow, { ...opts, host: SIM_HOST });
  const first = [...sim.path];
  const steps: SimStep[] = [
    {
      cause: "call arrives",
      path: first,
      actions: [...sim.actions],
      hops: hopsAlong(flow, opts.at, undefined, first),
    },
  ];
  for (const input of inputs) {
    const prev = sim.path.at(-1);
    const r = sim.send(input);
    if (r.error)
      throw new SimError("not_waiting", `the flow is waiting for ${r.error.expected}, not ${cause(input)}`);
    steps.push({
      cause: cause(input),
      path: r.path,
      actions: r.actions,
      hops: hopsAlong(flow, opts.at, prev, r.path, input),
    });
  }
  return {
    flow,
    opts,
    inputs,
    path: [...sim.path],
    steps,
    edges: steps.flatMap((s) => s.hops.map((h) => h.edge)),
    awaiting: sim.awaiting,
    node: sim.node,
    ended: sim.ended,
    outcome: sim.outcome(),
  };
}

export function startSim(doc: Flow, opts: SimOptions): SimSession {
  const parsed = Flow.safeParse(doc);
  if (!parsed.success) throw new SimError("invalid_flow", "the flow has problems to fix before it can run");
  return run(parsed.data, opts, []);
}

function send(s: SimSession, input: SimInput, what: SimAwaiting | "any"): SimSession {
  if (s.ended) throw new SimError("ended", "the call has ended");
  if (what !== "any" && s.awaiting !== what)
    throw new SimError("not_waiting", `the flow is not waiting for ${what}`);
  return run(s.flow, s.opts, [...s.inputs, input]);
}

/** The caller keys digits (empty = stays silent until the timeout). */
export const pressDigits = (s: SimSession, digits: string): SimSession =>
  send(s, digits === "" ? { silence: true } : { digits }, "digits");

/** How the forward ended. */
export const forwardOutcome = (s: SimSession, outcome: BridgeOutcome): SimSession =>
  send(s, { forward: outcome }, "forward");

/** What the customer's decision function answered (an output name) or how it failed. */
export const decide = (
  s: SimSession,
  result: { output: string } | { error: "timeout" | "error" },
): SimSession =>
  send(s, "output" in result ? { decision: result.output } : { decisionError: result.error }, "decision");

/** The caller hangs up. */
export const hangUp = (s: SimSession): SimSession => (s.ended ? s : send(s, { hangup: true }, "any"));

export { describeAction } from "./explain.js";
