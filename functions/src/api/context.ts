import type { S3Client } from "@aws-sdk/client-s3";
import type { ValidationPolicy } from "@ringflow/flow";
import type { TextPrompt } from "@ringflow/flow/protocol";
import type { Context } from "hono";
import type { Logger } from "pino";
import type { Authenticator } from "../auth/authenticator.js";
import { type Principal, roleAllows } from "../auth/principal.js";
import { forbidden, unauthorized } from "../errors.js";
import type { LiveCallStore } from "../store/live.js";
import type { MailboxStore } from "../store/mailbox.js";
import type { Role, Store } from "../store/types.js";

export interface ApiDeps {
  store: Store;
  authenticate: Authenticator;
  log?: Logger;
  /** Mints ids for new flows (injected in tests). */
  newId?: () => string;
  /** Where calls may go, for validation: the edge's own hosts, and whether internal addresses are allowed. */
  targets?: TargetPolicy;
  /** Runs after a version is published (rendering its text prompts); must not throw. */
  onPublished?: (published: PublishedFlow) => Promise<void>;
  /** The prompts bucket (the prompt library, Listen); absent: those routes answer 404 not_configured. */
  media?: MediaDeps;
  /** Voicemail messages (their audio is in media.recordingBucket); absent: 404 not_configured. */
  mailboxes?: MailboxStore;
  /** Calls in progress (the decision function writes them); absent: the live list is empty. */
  live?: LiveCallStore;
}

export interface MediaDeps {
  s3: Pick<S3Client, "send">;
  promptBucket: string;
  /** Where the edge writes voicemail recordings. */
  recordingBucket?: string;
  /** Renders a text prompt with the server's speech engine; resolves with its key in the prompts bucket. */
  render?: (prompt: TextPrompt) => Promise<string>;
}

export interface PublishedFlow {
  tenantId: string;
  flowId: string;
  version: number;
  doc: Record<string, unknown>;
}

/** The deployment's side of validation (see ValidationPolicy in @ringflow/flow). */
export interface TargetPolicy {
  edgeHosts: readonly string[];
  allowPrivateTargets?: boolean;
}

/** Everything validation needs for one tenant: the deployment's targets, its numbers and functions. */
export async function tenantPolicy(deps: ApiDeps, tenantId: string): Promise<ValidationPolicy> {
  const [numbers, functions] = await Promise.all([
    deps.store.listNumbers(tenantId),
    deps.store.listFunctions(tenantId),
  ]);
  return {
    edgeHosts: deps.targets?.edgeHosts ?? [],
    allowPrivateTargets: deps.targets?.allowPrivateTargets ?? false,
    ownNumbers: numbers.map((n) => n.number),
    functions: functions.map((f) => f.name),
  };
}

export type AppEnv = { Variables: { principal?: Principal } };

/** The caller's principal with at least `role`; every handler starts here, so every query is tenant-scoped. */
export function requireRole(c: Context<AppEnv>, role: Role): Principal {
  const p = c.get("principal");
  if (!p) throw unauthorized();
  if (!roleAllows(p.role, role)) throw forbidden(`this needs the ${role} role; the key has ${p.role}`);
  return p;
}

/** `If-Match: "3"` (or W/"3", or 3) -> 3; undefined when absent; NaN when not a revision (at most 9 digits). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return m ? Number(m[1]) : Number.NaN;
}

export const etag = (revision: number) => `"${revision}"`;
