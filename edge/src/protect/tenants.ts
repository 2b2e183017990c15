// Protection of one tenant (and the edge) from another tenant's flows, at run time:
// - a loop marker on every outbound leg; an INVITE that carries it came back from one of our own
//   legs (through a trunk, another edge task, or our own address) and is refused with 482 Loop
//   Detected, so one call can never fan out into thousands (validation refuses the obvious loops
//   before publishing; this catches the ones it cannot see);
// - a budget of outbound legs per call;
// - per tenant, caps on calls in progress and on the outbound legs those calls hold, so a
//   tenant flooding itself gets 503s while the others' calls still go through.
// The tenant of a call is the one its first decision answer names. 0 switches a cap off.

/** The header every outbound leg carries (its value: the edge that sent it). */
export const LOOP_HEADER = "X-Ringflow-Loop";
const LOOP_HEADER_LC = LOOP_HEADER.toLowerCase();

export interface TenantCaps {
  /** Calls in progress per tenant. */
  maxCallsPerTenant: number;
  /** Outbound legs per tenant, counted for as long as the call that started them lasts. */
  maxLegsPerTenant: number;
  /** Outbound legs one call may start over its whole life. */
  maxLegsPerCall: number;
}

/** An INVITE that came back from one of our own outbound legs. */
export const isLooped = (header: (name: string) => string | undefined): boolean =>
  header(LOOP_HEADER_LC) !== undefined;

/** A call as the guard sees it: its tenant once known, and the legs it holds. */
export interface GuardedCall {
  tenantId: string | undefined;
  legsHeld: number;
}

export class TenantGuard {
  private readonly calls = new Map<string, number>();
  private readonly legs = new Map<string, number>();
  readonly refused = { tenant_calls: 0, tenant_legs: 0, call_legs: 0 };

  constructor(private readonly caps: TenantCaps) {}

  /** The call learned its tenant: false (and not counted) when the tenant is at its cap. */
  admitCall(call: GuardedCall, tenantId: string): boolean {
    const n = this.calls.get(tenantId) ?? 0;
    if (this.caps.maxCallsPerTenant > 0 && n >= this.caps.maxCallsPerTenant) {
      this.refused.tenant_calls++;
      return false;
    }
    call.tenantId = tenantId;
    this.calls.set(tenantId, n + 1);
    return true;
  }

  /** Before a leg is started: within the call's budget and its tenant's cap (then counted). */
  admitLeg(call: GuardedCall): boolean {
    if (this.caps.maxLegsPerCall > 0 && call.legsHeld >= this.caps.maxLegsPerCall) {
      this.refused.call_legs++;
      return false;
    }
    const t = call.tenantId;
    if (t !== undefined) {
      const n = this.legs.get(t) ?? 0;
      if (this.caps.maxLegsPerTenant > 0 && n >= this.caps.maxLegsPerTenant) {
        this.refused.tenant_legs++;
        return false;
      }
      this.legs.set(t, n + 1);
    }
    call.legsHeld++;
    return true;
  }

  /** The call is over: its tenant's counts go down by it. */
  release(call: GuardedCall): void {
    const t = call.tenantId;
    if (t === undefined) return;
    const c = (this.calls.get(t) ?? 1) - 1;
    if (c > 0) this.calls.set(t, c);
    else this.calls.delete(t);
    const l = (this.legs.get(t) ?? 0) - call.legsHeld;
    if (l > 0) this.legs.set(t, l);
    else this.legs.delete(t);
    call.tenantId = undefined;
  }

  /** Calls in progress per tenant (for health and tests). */
  callsOf(tenantId: string): number {
    return this.calls.get(tenantId) ?? 0;
  }

  legsOf(tenantId: string): number {
    return this.legs.get(tenantId) ?? 0;
  }
}
