import type { DecisionAnswer } from "@ringflow/flow/protocol";
import type { IngestResult } from "../traces/ingest.js";
import type { LambdaFunction } from "./invoke-server.js";

// The local Invoke endpoint checks no signatures (on AWS, IAM decides who may invoke the trace
// sink), so anything on the machine could write a trace into any tenant's call list. Locally the
// decision function and the trace sink share a process: the sink keeps only traces of calls the
// decision function took, for the tenant it named.

export class CallLedger {
  private readonly calls = new Map<string, string>();
  constructor(private readonly max = 100_000) {}

  record(callId: string, tenantId: string): void {
    if (this.calls.size >= this.max) {
      const oldest = this.calls.keys().next().value;
      if (oldest !== undefined) this.calls.delete(oldest);
    }
    this.calls.set(callId, tenantId);
  }

  tenantOf(callId: string): string | undefined {
    return this.calls.get(callId);
  }
}

/** The decision function, noting which tenant each call it answers belongs to. */
export function ledgeredDecisions(decide: LambdaFunction, ledger: CallLedger): LambdaFunction {
  return async (event) => {
    const answer = (await decide(event)) as DecisionAnswer;
    const callId = (event as { call?: { id?: unknown } } | null)?.call?.id;
    if (typeof callId === "string" && answer?.trace?.tenantId) ledger.record(callId, answer.trace.tenantId);
    return answer;
  };
}

/** The trace sink, refusing traces of calls the decision function did not take for that tenant. */
export function vouchedTraces(ingest: LambdaFunction, ledger: CallLedger): LambdaFunction {
  return async (event) => {
    const list = (event as { traces?: unknown } | null)?.traces;
    if (!Array.isArray(list)) return ingest(event);
    const kept: unknown[] = [];
    const forged: { index: number; callId?: string; reason: string }[] = [];
    list.forEach((t, index) => {
      const { callId, tenantId } = (t ?? {}) as { callId?: unknown; tenantId?: unknown };
      if (
        typeof tenantId === "string" &&
        (typeof callId !== "string" || ledger.tenantOf(callId) !== tenantId)
      )
        forged.push({
          index,
          ...(typeof callId === "string" ? { callId } : {}),
          reason: "not a call of that tenant",
        });
      else kept.push(t);
    });
    const r = (await ingest({ traces: kept })) as IngestResult;
    return { ...r, rejected: [...r.rejected, ...forged] };
  };
}
