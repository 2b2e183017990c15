import { decodeState, type Flow, type StepEvent, type StepResult, step } from "@ringflow/flow";
import { type Action, type DecisionAnswer, DecisionEvent } from "@ringflow/flow/protocol";
import type { Logger } from "pino";
import type { LiveCallStore } from "../store/live.js";
import type { Store } from "../store/types.js";
import { REFUSALS } from "./answers.js";
import type { CustomerInvoker } from "./customer.js";
import { FlowSource, type FlowSourceOptions } from "./flows.js";
import { endsCall, liveRecorder } from "./live.js";
import { e164Of } from "./numbers.js";
import { FunctionRegistry } from "./registry.js";
import { type CallRoute, decodeRouteState, encodeRouteState } from "./route.js";
import { type RunTargetPolicy, screenActions } from "./targets.js";

/** Bridges whose every target was refused, fed back as failed, before the call is refused outright. */
const MAX_REFUSED_BRIDGES = 5;
/** Without a policy: no internal targets, no known edge hosts (the edge checks its own after DNS). */
const STRICT: RunTargetPolicy = { edgeHosts: [], allowPrivateTargets: false };

export interface DecisionDeps extends FlowSourceOptions {
  store: Store;
  invokeCustomer?: CustomerInvoker;
  log?: Logger;
  /** Customer functions a single decision may chain before the flow's error output is taken. */
  maxInvokes?: number;
  /** A voicemail was recorded (record.done with a key, at a voicemail node); must not throw. */
  onRecorded?: (r: Recorded) => Promise<void>;
  /** Where answers may send calls (targets.ts); default: no internal targets. */
  targets?: RunTargetPolicy;
  /** Calls in progress: the node each is at, written at every step (live.ts); absent: none kept. */
  live?: LiveCallStore;
}

export interface Recorded {
  tenantId: string;
  flowId: string;
  mailbox: string;
  key: string;
  durationSec: number;
  from: string;
  callId: string;
  at: Date;
}

export type DecisionHandler = (event: unknown) => Promise<DecisionAnswer>;

/**
 * Ringflow's decision function: parse the event, find the flow version (from the state, or from
 * the called number on a new call), step the interpreter (invoking customer functions when it
 * asks), answer. Every failure is a defined hangup answer; it never throws.
 */
export function createDecisionHandler(deps: DecisionDeps): DecisionHandler {
  const flows = new FlowSource(deps.store, deps);
  const now = deps.now ?? Date.now;
  const maxInvokes = deps.maxInvokes ?? 3;
  const registry = new FunctionRegistry(deps.store, deps);
  const policy = deps.targets ?? STRICT;
  const live = deps.live ? liveRecorder(deps.live, deps.log) : undefined;

  return async (raw) => {
    const parsed = DecisionEvent.safeParse(raw);
    if (!parsed.success) return REFUSALS.malformed();
    const event = parsed.data;
    const carried = decodeRouteState(event.state);
    /** A refusal ends the call: a call that was live is no longer. */
    const refuse = async (answer: DecisionAnswer) => {
      if (carried && live) await live.refused(carried.route, event.call.id);
      return answer;
    };
    try {
      let route: CallRoute;
      let flow: Flow;
      if (carried) {
        const r = await flows.load(carried.route);
        if (!r.ok) return refuse(REFUSALS[r.why]());
        route = carried.route;
        flow = r.flow;
      } else {
        const number = e164Of(event.call.requestUri) ?? e164Of(event.call.to);
        if (!number) return REFUSALS.noNumber();
        const r = await flows.resolve(number);
        if (!r.ok) return REFUSALS[r.why]();
        ({ route, flow } = r);
      }
      const at = new Date(now());
      if (event.type === "record.done" && event.data.key && deps.onRecorded) {
        const waiting = decodeState(carried?.inner)?.at;
        const node = waiting ? flow.nodes[waiting] : undefined;
        if (node?.type === "voicemail")
          await deps.onRecorded({
            tenantId: route.tenantId,
            flowId: route.flowId,
            mailbox: node.mailbox,
            key: event.data.key,
            durationSec: event.data.durationSec,
            from: event.call.from,
            callId: event.call.id,
            at,
          });
      }
      const actions: Action[] = [];
      const path: string[] = [];
      let invokes = 0;
      /** Step, then feed customer functions' answers back while the interpreter asks for them. */
      const advance = async (state: string | undefined, ev: StepEvent): Promise<StepResult | undefined> => {
        let result = step(flow, state, ev, at);
        actions.push(...result.actions);
        path.push(...result.path);
        // A flow may chain decision nodes; past maxInvokes each further one takes its error
        // output, and the interpreter's step cap ends any loop through them.
        for (; result.invoke; invokes++) {
          if (invokes > maxInvokes + 50) return undefined;
          const { function: fn, request, timeoutMs } = result.invoke;
          // Checked again here (validation refused it at save and publish): only a function the
          // route's tenant registered, under its prefix, is ever invoked; the request names the tenant.
          const allowed =
            invokes < maxInvokes && deps.invokeCustomer && (await registry.allows(route.tenantId, fn));
          if (!allowed && invokes < maxInvokes)
            deps.log?.warn({ tenantId: route.tenantId, function: fn }, "customer function refused");
          const answer =
            allowed && deps.invokeCustomer
              ? await deps.invokeCustomer(fn, { ...request, tenantId: route.tenantId }, timeoutMs)
              : ({ error: "error" } as const);
          result = step(
            flow,
            result.state,
            { type: "decision.result", call: event.call, result: answer },
            at,
          );
          actions.push(...result.actions);
          path.push(...result.path);
        }
        return result;
      };
      let result = await advance(carried?.inner, event);
      if (!result) return refuse(REFUSALS.unavailable());
      // Internal and looping targets are refused here too (targets.ts): a bridge left with no
      // target is the flow's failed bridge, so its failure path (or fallback) runs instead.
      let screened = screenActions(actions, policy);
      const refused = [...screened.refused];
      for (let i = 0; screened.bridgeFailed && i < MAX_REFUSED_BRIDGES; i++) {
        const kept = screened.actions;
        actions.length = 0;
        const failed: StepEvent = {
          v: 1,
          type: "bridge.done",
          call: event.call,
          data: { outcome: "failed", sipCode: 403, target: screened.refused.at(-1)?.target ?? "" },
        };
        result = await advance(result.state, failed);
        if (!result) return refuse(REFUSALS.unavailable());
        screened = screenActions(actions, policy);
        refused.push(...screened.refused);
        screened = { ...screened, actions: [...kept, ...screened.actions] };
      }
      const answered = screened.bridgeFailed
        ? [...screened.actions, { type: "hangup" as const, status: 480, reason: "Target refused" }]
        : screened.actions;
      if (refused.length > 0)
        deps.log?.warn({ tenantId: route.tenantId, callId: event.call.id, refused }, "call targets refused");
      if (live) {
        const ended = result.ended || endsCall(answered);
        await live.step({
          route,
          flow,
          call: event.call,
          first: event.type === "call.new",
          at: ended ? undefined : decodeState(result.state)?.at,
          waiting: result.awaiting,
          ended,
          now: at.getTime(),
        });
      }
      return {
        actions: answered,
        state: encodeRouteState(route, result.state),
        trace: {
          tenantId: route.tenantId,
          flowId: route.flowId,
          version: route.version,
          path,
          ...(refused.length > 0 ? { refused: refused.slice(0, 20) } : {}),
          ...(flow.settings.captureRtp === true ? { captureRtp: true } : {}),
        },
      };
    } catch (err) {
      deps.log?.error({ err, callId: event.call.id }, "decision failed");
      return refuse(REFUSALS.unavailable());
    }
  };
}
