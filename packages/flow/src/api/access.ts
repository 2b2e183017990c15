import { z } from "zod";

// Who may call: a tenant's API keys and the customer functions its flows may invoke (both managed
// by a publisher).

export const KeyRole = z.enum(["viewer", "editor", "publisher"]);

export const CreateKeyRequest = z
  .object({
    role: KeyRole,
    name: z.string().regex(/^[A-Za-z0-9 ._-]{1,64}$/, "1-64 letters, digits, space, . _ -"),
  })
  .meta({ id: "CreateKeyRequest" });
export type CreateKeyRequest = z.infer<typeof CreateKeyRequest>;

/** POST /v1/keys: the secret is in this answer only. */
export const CreatedKey = z
  .object({
    id: z.string(),
    key: z.string().meta({ description: "the secret, shown this once" }),
    role: KeyRole,
    name: z.string(),
  })
  .meta({ id: "CreatedKey" });
export type CreatedKey = z.infer<typeof CreatedKey>;

export const KeySummary = z
  .object({ id: z.string(), role: KeyRole, name: z.string(), createdAt: z.string() })
  .meta({ id: "KeySummary" });
export const KeyList = z.object({ keys: z.array(KeySummary) });
export type KeyList = z.infer<typeof KeyList>;

/** A key's id: `k_` and 12 hex digits. */
export const KeyId = z.string().regex(/^k_[0-9a-f]{12}$/);

export const CustomerFunction = z
  .object({ name: z.string(), createdAt: z.string() })
  .meta({ id: "CustomerFunction" });
export const FunctionList = z.object({
  /** What every function name of this tenant starts with (`ringflow-customer-<tenant>-`). */
  prefix: z.string(),
  functions: z.array(CustomerFunction),
});
export type FunctionList = z.infer<typeof FunctionList>;

/** A Lambda function name (no ARN, alias or version qualifier). */
export const FunctionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
