import type { Context } from "hono";
import type { Logger } from "pino";
import type { Authenticator } from "../auth/authenticator.js";
import { type Principal, roleAllows } from "../auth/principal.js";
import { forbidden, unauthorized } from "../errors.js";
import type { Role, Store } from "../store/types.js";

export interface ApiDeps {
  store: Store;
  authenticate: Authenticator;
  log?: Logger;
  /** Mints ids for new flows (injected in tests). */
  newId?: () => string;
}

export type AppEnv = { Variables: { principal?: Principal } };

/** The caller's principal with at least `role`; every handler starts here, so every query is tenant-scoped. */
export function requireRole(c: Context<AppEnv>, role: Role): Principal {
  const p = c.get("principal");
  if (!p) throw unauthorized();
  if (!roleAllows(p.role, role)) throw forbidden(`this needs the ${role} role; the key has ${p.role}`);
  return p;
}

/** `If-Match: "3"` (or W/"3", or 3) -> 3; undefined when absent. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  return m ? Number(m[1]) : Number.NaN;
}

export const etag = (revision: number) => `"${revision}"`;
