import { createHash, randomBytes } from "node:crypto";
import type { Role, Store } from "../store/types.js";

// API keys for programs: `rf_` + 32 random bytes (base64url). Only the SHA-256 of a key is
// stored, so a leaked table does not leak usable keys; a fast hash is right for 256-bit
// random secrets (nothing to brute-force).

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export function newApiKey(): string {
  return `rf_${randomBytes(32).toString("base64url")}`;
}

/** Creates a key for the tenant and returns it in the clear: the only time it is seen. */
export async function issueApiKey(
  store: Store,
  opts: { tenantId: string; role: Role; name: string; key?: string; now?: () => number },
): Promise<string> {
  const key = opts.key ?? newApiKey();
  await store.putApiKey({
    hash: hashApiKey(key),
    tenantId: opts.tenantId,
    role: opts.role,
    name: opts.name,
    createdAt: new Date((opts.now ?? Date.now)()).toISOString(),
  });
  return key;
}
