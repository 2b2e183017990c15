import type { Store } from "../store/types.js";
import { hashApiKey } from "./api-keys.js";
import { isRole, type Principal } from "./principal.js";

/** What an authenticator sees of a request: its headers and, on Lambda, the API Gateway event. */
export interface AuthRequest {
  header(name: string): string | undefined;
  /** The raw Lambda event when served by hono/aws-lambda (undefined locally). */
  lambdaEvent?: unknown;
}

/**
 * Resolves credentials to a principal, or undefined when these credentials are not its kind.
 * The API tries each in turn: API keys for programs, and (on AWS) Cognito JWTs for people.
 */
export type Authenticator = (req: AuthRequest) => Promise<Principal | undefined>;

const bearer = (req: AuthRequest) => /^Bearer\s+(\S+)$/i.exec(req.header("authorization") ?? "")?.[1];

/**
 * `Authorization: Bearer rf_...` looked up by hash in the store. Known keys are remembered for
 * `cacheMs` (as API Gateway caches authorizer results), so a busy client costs one read per
 * window; a revoked key stops working within that window. Unknown keys are never cached.
 */
export function apiKeyAuthenticator(
  store: Store,
  opts: { cacheMs?: number; now?: () => number } = {},
): Authenticator {
  const cacheMs = opts.cacheMs ?? 5000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { at: number; p: Principal }>();
  return async (req) => {
    const key = bearer(req);
    if (!key?.startsWith("rf_")) return undefined;
    const hash = hashApiKey(key);
    const hit = cache.get(hash);
    if (hit && now() - hit.at < cacheMs) return hit.p;
    const rec = await store.getApiKey(hash);
    if (!rec) return undefined;
    const p: Principal = { tenantId: rec.tenantId, role: rec.role, subject: `key:${rec.name}` };
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { at: now(), p });
    return p;
  };
}

/**
 * The seam for people: on AWS the HTTP API's JWT authorizer (Cognito) has already checked the
 * token's signature, issuer and audience, and passes its claims in the event. This reads the
 * tenant and role from custom claims; it never trusts a token it did not see verified.
 */
export function jwtClaimsAuthenticator(
  opts: { tenantClaim?: string; roleClaim?: string } = {},
): Authenticator {
  const tenantClaim = opts.tenantClaim ?? "custom:tenant";
  const roleClaim = opts.roleClaim ?? "custom:role";
  return async (req) => {
    const ev = req.lambdaEvent as
      | { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } }
      | undefined;
    const claims = ev?.requestContext?.authorizer?.jwt?.claims;
    if (!claims) return undefined;
    const tenantId = claims[tenantClaim];
    const role = claims[roleClaim];
    if (typeof tenantId !== "string" || !tenantId || !isRole(role)) return undefined;
    return { tenantId, role, subject: `user:${String(claims.sub ?? "unknown")}` };
  };
}

export const firstOf =
  (...auths: Authenticator[]): Authenticator =>
  async (req) => {
    for (const a of auths) {
      const p = await a(req);
      if (p) return p;
    }
    return undefined;
  };
