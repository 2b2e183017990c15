// Limits of a flow and of a call, enforced by validation and by the interpreter (docs/flows.md).
// Per-field limits (digits, timeouts, retries, list lengths) live in the zod schemas.
export { MAX_NODES } from "./schema/flow.js";

/** Distinct variables a flow may write (set, collect); keeps the call state under its cap. */
export const MAX_VARIABLES = 32;
/** Longest variable value kept in the call state (longer values from a customer function are refused). */
export const MAX_VARIABLE_VALUE = 256;
/** The decision protocol's cap on the opaque state string (events and answers). */
export const PROTOCOL_STATE_CHARS = 16_384;
/**
 * The interpreter's own cap: below the protocol's, leaving room for the envelope a host wraps
 * around it (the decision function prefixes tenant, flow and version, about 200 characters).
 */
export const MAX_STATE_CHARS = 16_000;
/** Longest value a switch condition reads (a caller's From user is cut here before matching). */
export const MAX_SUBJECT_CHARS = 256;
/**
 * Condition work one decision step may spend (subject length x pattern length per `matches`,
 * summed): about 20 ms on one core at worst; past it the call takes its fallback like a step limit.
 */
export const MAX_STEP_WORK = 2_000_000;
