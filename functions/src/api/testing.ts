// Helpers for API tests (not a test file): an app over a store, with keys issued per tenant and role.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { issueApiKey } from "../auth/api-keys.js";
import { apiKeyAuthenticator } from "../auth/authenticator.js";
import type { Role, Store } from "../store/types.js";
import { createApi } from "./app.js";

export const receptionDoc = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(process.cwd(), "examples", "reception.flow.json"), "utf8"));

export async function keysFor(store: Store, tenantId: string): Promise<Record<Role, string>> {
  const out = {} as Record<Role, string>;
  for (const role of ["viewer", "editor", "publisher"] as const)
    out[role] = await issueApiKey(store, { tenantId, role, name: `${tenantId}-${role}` });
  return out;
}

export function apiOver(store: Store) {
  let n = 0;
  return createApi({ store, authenticate: apiKeyAuthenticator(store), newId: () => `f${++n}` });
}

export const auth = (key: string, extra: Record<string, string> = {}) => ({
  Authorization: `Bearer ${key}`,
  "Content-Type": "application/json",
  ...extra,
});
