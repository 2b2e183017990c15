import type { Flow } from "@ringflow/flow";
import type { Action, CallInfo } from "@ringflow/flow/protocol";
import type { Logger } from "pino";
import type { LiveCallStore } from "../store/live.js";
import { e164Of } from "./numbers.js";
import type { CallRoute } from "./route.js";

/** Past the flow's longest call, a live item expires anyway (an edge that died mid-call). */
export const LIVE_TTL_MARGIN_SEC = 300;
/** A live write slower than this no longer holds the caller's answer back (it goes on alone). */
export const LIVE_WRITE_CAP_MS = 150;

export interface LiveStep {
  route: CallRoute;
  flow: Flow;
  call: CallInfo;
  /** The call's first decision (call.new): it creates the item. */
  first: boolean;
  /** The node the interpreter stopped at, when the call goes on. */
  at: string | undefined;
  waiting: string | undefined;
  /** The answer ends the call (a hangup or redirect, or the flow is done with it). */
  ended: boolean;
  now: number;
}

const TERMINAL = new Set<Action["type"]>(["hangup", "redirect"]);
export const endsCall = (actions: readonly Action[]) => actions.some((a) => TERMINAL.has(a.type));

/**
 * The decision function's side of the live-call list: at most one write per decision. A call
 * that waits is written with its node; a call a step ends is removed; a call that ends on its
 * first answer (every redirect) costs nothing. Best-effort: a failed write is logged, never
 * fails the call, and a slow one stops holding the answer back after `capMs`.
 */
export function liveRecorder(store: LiveCallStore, log?: Logger, capMs = LIVE_WRITE_CAP_MS) {
  const bounded = async (what: string, tenantId: string, callId: string, write: Promise<void>) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((r) => {
      timer = setTimeout(() => r("late"), capMs);
      timer.unref?.();
    });
    const done = write.then(
      () => "ok" as const,
      (err: unknown) => {
        log?.warn({ err, tenantId, callId }, `live call not ${what}`);
        return "failed" as const;
      },
    );
    const r = await Promise.race([done, late]);
    clearTimeout(timer);
    if (r === "late") log?.warn({ tenantId, callId, capMs }, `live call ${what} slow; answered without it`);
  };

  return {
    async step(s: LiveStep): Promise<void> {
      const { route, call } = s;
      if (s.ended || s.at === undefined) {
        if (!s.first)
          await bounded("ended", route.tenantId, call.id, store.endLiveCall(route.tenantId, call.id));
        return;
      }
      const node = s.flow.nodes[s.at];
      const startedAt = Date.parse(call.receivedAt);
      const number = e164Of(call.requestUri) ?? e164Of(call.to);
      const item = {
        callId: call.id,
        tenantId: route.tenantId,
        flowId: route.flowId,
        version: route.version,
        from: call.from,
        to: call.to,
        ...(number ? { number } : {}),
        node: s.at,
        ...(node?.label ? { nodeLabel: node.label } : {}),
        ...(node ? { nodeType: node.type } : {}),
        ...(s.waiting ? { waiting: s.waiting as never } : {}),
        startedAt: Number.isFinite(startedAt) ? startedAt : s.now,
        updatedAt: s.now,
      };
      const expiresAt =
        Math.floor((Number.isFinite(startedAt) ? startedAt : s.now) / 1000) +
        s.flow.settings.limits.maxCallSec +
        LIVE_TTL_MARGIN_SEC;
      await bounded(
        "written",
        route.tenantId,
        call.id,
        store.putLiveCall(item, { first: s.first, expiresAt }),
      );
    },
    /** A refusal mid-call (the flow went away, the store failed): the call is over. */
    async refused(route: CallRoute, callId: string): Promise<void> {
      await bounded("ended", route.tenantId, callId, store.endLiveCall(route.tenantId, callId));
    },
  };
}

export type LiveRecorder = ReturnType<typeof liveRecorder>;
