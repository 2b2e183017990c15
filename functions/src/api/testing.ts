// Helpers for API tests (not a test file): an app over a store, with keys issued per tenant and role.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { issueApiKey } from "../auth/api-keys.js";
import { apiKeyAuthenticator } from "../auth/authenticator.js";
import type { Role, Store } from "../store/types.js";
import { createApi } from "./app.js";
import type { ApiDeps, TargetPolicy } from "./context.js";

export const receptionDoc = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(process.cwd(), "examples", "reception.flow.json"), "utf8"));

export async function keysFor(store: Store, tenantId: string): Promise<Record<Role, string>> {
  const out = {} as Record<Role, string>;
  for (const role of ["viewer", "editor", "publisher"] as const)
    out[role] = await issueApiKey(store, { tenantId, role, name: `${tenantId}-${role}` });
  return out;
}

/** The local stack's target policy: the edge on 127.0.0.1:5060, internal targets allowed (examples ring 127.0.0.1:5070). */
export const LOCAL_TARGETS: TargetPolicy = { edgeHosts: ["127.0.0.1:5060"], allowPrivateTargets: true };

export function apiOver(store: Store, targets: TargetPolicy = LOCAL_TARGETS, more: Partial<ApiDeps> = {}) {
  let n = 0;
  return createApi({
    store,
    authenticate: apiKeyAuthenticator(store),
    newId: () => `f${++n}`,
    targets,
    ...more,
  });
}

export const auth = (key: string, extra: Record<string, string> = {}) => ({
  Authorization: `Bearer ${key}`,
  "Content-Type": "application/json",
  ...extra,
});
