import type { z } from "zod";

/**
 * A response body read through its contract schema: the value, or a one-line account of where
 * the server's answer broke the contract (a client bug or a version skew, never the user's fault).
 */
export function readResponse<S extends z.ZodType>(
  schema: S,
  body: unknown,
): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  const r = schema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  const first = r.error.issues[0];
  const where = first?.path.length ? first.path.join(".") : "the body";
  return { ok: false, message: `unexpected response: ${where}: ${first?.message ?? "invalid"}` };
}

/** Any contract schema, and what it parses to (so clients need no zod import of their own). */
export type ContractSchema = z.ZodType;
export type Parsed<S extends ContractSchema> = z.output<S>;
