import { createHash, randomBytes } from "node:crypto";
import type { Role, Store } from "../store/types.js";

// API keys for programs: `rf_` + 32 random bytes (base64url). Only the SHA-256 of a key is
// stored, so a leaked table does not leak usable keys; a fast hash is right for 256-bit
// random secrets (nothing to brute-force).

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export function newApiKey(): string {
  return `rf_${randomBytes(32).toString("base64url")}`;
}

/** A key's public handle (listing, revoking): random, so it tells nothing about the secret. */
export const newKeyId = () => `k_${randomBytes(6).toString("hex")}`;

/** Creates a key for the tenant and returns it in the clear: the only time it is seen. */
export async function issueApiKey(
  store: Store,
  opts: { tenantId: string; role: Role; name: string; key?: string; now?: () => number },
): Promise<string> {
  return (await issueApiKeyRecord(store, opts)).key;
}

/** As issueApiKey, with the key's id (what `POST /v1/keys` answers). */
export async function issueApiKeyRecord(
  store: Store,
  opts: { tenantId: string; role: Role; name: string; key?: string; now?: () => number },
): Promise<{ id: string; key: string }> {
  const key = opts.key ?? newApiKey();
  const id = newKeyId();
  await store.putApiKey({
    id,
    hash: hashApiKey(key),
    tenantId: opts.tenantId,
    role: opts.role,
    name: opts.name,
    createdAt: new Date((opts.now ?? Date.now)()).toISOString(),
  });
  return { id, key };
}
