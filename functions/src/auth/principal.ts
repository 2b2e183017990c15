import type { Role } from "../store/types.js";

/** Who is calling, resolved from the credentials: every request is scoped to `tenantId`. */
export interface Principal {
  tenantId: string;
  role: Role;
  /** For audit fields (publishedBy): the key's name or the person's subject. */
  subject: string;
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, publisher: 2 };

export const ROLES: readonly Role[] = ["viewer", "editor", "publisher"];

/** Publisher can do what an editor can, an editor what a viewer can. */
export const roleAllows = (have: Role, need: Role) => RANK[have] >= RANK[need];

export const isRole = (v: unknown): v is Role => typeof v === "string" && (ROLES as string[]).includes(v);
