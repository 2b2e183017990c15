import { decodeState, type Flow, type StepResult, step } from "@ringflow/flow";
import { type Action, type DecisionAnswer, DecisionEvent } from "@ringflow/flow/protocol";
import type { Logger } from "pino";
import type { Store } from "../store/types.js";
import { REFUSALS } from "./answers.js";
import type { CustomerInvoker } from "./customer.js";
import { FlowSource, type FlowSourceOptions } from "./flows.js";
import { e164Of } from "./numbers.js";
import { FunctionRegistry } from "./registry.js";
import { type CallRoute, decodeRouteState, encodeRouteState } from "./route.js";

export interface DecisionDeps extends FlowSourceOptions {
  store: Store;
  invokeCustomer?: CustomerInvoker;
  log?: Logger;
  /** Customer functions a single decision may chain before the flow's error output is taken. */
  maxInvokes?: number;
  /** A voicemail was recorded (record.done with a key, at a voicemail node); must not throw. */
  onRecorded?: (r: Recorded) => Promise<void>;
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

  return async (raw) => {
    const parsed = DecisionEvent.safeParse(raw);
    if (!parsed.success) return REFUSALS.malformed();
    const event = parsed.data;
    try {
      const carried = decodeRouteState(event.state);
      let route: CallRoute;
      let flow: Flow;
      if (carried) {
        const r = await flows.load(carried.route);
        if (!r.ok) return REFUSALS[r.why]();
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
      let result: StepResult = step(flow, carried?.inner, event, at);
      const actions: Action[] = [...result.actions];
      const path = [...result.path];
      // A flow may chain decision nodes; past maxInvokes each further one takes its error
      // output, and the interpreter's step cap ends any loop through them.
      for (let i = 0; result.invoke; i++) {
        if (i > maxInvokes + 50) return REFUSALS.unavailable();
        const { function: fn, request, timeoutMs } = result.invoke;
        // Checked again here (validation refused it at save and publish): only a function the
        // route's tenant registered, under its prefix, is ever invoked; the request names the tenant.
        const allowed = i < maxInvokes && deps.invokeCustomer && (await registry.allows(route.tenantId, fn));
        if (!allowed && i < maxInvokes)
          deps.log?.warn({ tenantId: route.tenantId, function: fn }, "customer function refused");
        const answer =
          allowed && deps.invokeCustomer
            ? await deps.invokeCustomer(fn, { ...request, tenantId: route.tenantId }, timeoutMs)
            : ({ error: "error" } as const);
        result = step(flow, result.state, { type: "decision.result", call: event.call, result: answer }, at);
        actions.push(...result.actions);
        path.push(...result.path);
      }
      return {
        actions,
        state: encodeRouteState(route, result.state),
        trace: { tenantId: route.tenantId, flowId: route.flowId, version: route.version, path },
      };
    } catch (err) {
      deps.log?.error({ err, callId: event.call.id }, "decision failed");
      return REFUSALS.unavailable();
    }
  };
}
