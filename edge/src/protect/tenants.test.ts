import { type GuardedCall, isLooped, LOOP_HEADER, TenantGuard } from "./tenants.js";

const call = (): GuardedCall => ({ tenantId: undefined, legsHeld: 0 });

test("a tenant at its call cap is refused while another tenant's calls go through; a finished call frees its slot", () => {
  const g = new TenantGuard({ maxCallsPerTenant: 2, maxLegsPerTenant: 0, maxLegsPerCall: 0 });
  const [a1, a2, a3, b1] = [call(), call(), call(), call()];
  expect(g.admitCall(a1, "a")).toBe(true);
  expect(g.admitCall(a2, "a")).toBe(true);
  expect(g.admitCall(a3, "a")).toBe(false);
  expect(g.admitCall(b1, "b")).toBe(true);
  expect(g.refused.tenant_calls).toBe(1);
  g.release(a1);
  g.release(a3); // never counted: nothing to give back
  expect(g.callsOf("a")).toBe(1);
  expect(g.admitCall(call(), "a")).toBe(true);
});

test("legs: a budget per call over its whole life, and a cap per tenant held until its calls end", () => {
  const g = new TenantGuard({ maxCallsPerTenant: 0, maxLegsPerTenant: 5, maxLegsPerCall: 3 });
  const [x, y, z] = [call(), call(), call()];
  for (const c of [x, y, z]) g.admitCall(c, "a");
  expect([1, 2, 3, 4].map(() => g.admitLeg(x))).toEqual([true, true, true, false]);
  expect([1, 2, 3].map(() => g.admitLeg(y))).toEqual([true, true, false]);
  expect(g.legsOf("a")).toBe(5);
  const other = call();
  g.admitCall(other, "b");
  expect(g.admitLeg(other)).toBe(true);
  g.release(x);
  expect(g.legsOf("a")).toBe(2);
  expect(g.admitLeg(z)).toBe(true);
  expect(g.refused).toEqual({ tenant_calls: 0, tenant_legs: 1, call_legs: 1 });
});

test("an INVITE carrying the loop marker came back from one of our legs", () => {
  const h = (v: Record<string, string>) => (n: string) => v[n];
  expect(isLooped(h({ [LOOP_HEADER.toLowerCase()]: "edge-1" }))).toBe(true);
  expect(isLooped(h({}))).toBe(false);
});
