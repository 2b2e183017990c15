import type { Store } from "../store/types.js";
import { customerFunctionProblem } from "../tenancy.js";

/**
 * The decision function's own check before it invokes a customer function: the name is under the
 * route's tenant prefix and the tenant registered it. A tenant's list is reused for `routeTtlMs`
 * (a deregistered function stops being invoked within that time).
 */
export class FunctionRegistry {
  private cache = new Map<string, { at: number; names: Set<string> }>();
  private ttl: number;
  private now: () => number;

  constructor(
    private store: Store,
    opts: { routeTtlMs?: number; now?: () => number } = {},
  ) {
    this.ttl = opts.routeTtlMs ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  async allows(tenantId: string, fn: string): Promise<boolean> {
    if (customerFunctionProblem(tenantId, fn) !== undefined) return false;
    let hit = this.cache.get(tenantId);
    if (!hit || this.now() - hit.at >= this.ttl) {
      const names = new Set((await this.store.listFunctions(tenantId)).map((f) => f.name));
      hit = { at: this.now(), names };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(tenantId, hit);
    }
    return hit.names.has(fn);
  }
}
