import { MAX_STATE_CHARS } from "../limits.js";
import type { Awaiting } from "./types.js";

/** What a call carries between decisions (inside the opaque state string). */
export interface CallState {
  v: 1;
  /** Nodes entered so far in this call (the step cap counts these). */
  n: number;
  /** The node waiting for an event, and what it waits for (`reprompt`: a menu's retry prompt). */
  at?: string;
  wait?: Awaiting | "reprompt" | "end";
  /** Menu retries used at `at`. */
  tries?: number;
  /** The caller's leg was answered (media started, or a bridge answered): hangups are BYEs now. */
  ans?: 1;
  vars?: Record<string, string>;
  digits?: string;
  /** The flow is done with this call. */
  done?: 1;
}

export const STATE_VERSION = 1;

export const freshState = (): CallState => ({ v: STATE_VERSION, n: 0 });

/** Plain JSON with a version field: the cheapest encoding to decode on every event. */
export const encodeState = (s: CallState): string => JSON.stringify(s);

function isStringMap(o: unknown): o is Record<string, string> {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return false;
  for (const k in o) if (typeof (o as Record<string, unknown>)[k] !== "string") return false;
  return true;
}

/** The state, or undefined when it is missing, too big, of another version, or malformed. */
export function decodeState(raw: string | undefined): CallState | undefined {
  if (raw === undefined || raw.length > MAX_STATE_CHARS) return undefined;
  let s: unknown;
  try {
    s = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof s !== "object" || s === null) return undefined;
  const c = s as Partial<CallState>;
  if (c.v !== STATE_VERSION || typeof c.n !== "number" || !Number.isInteger(c.n) || c.n < 0) return undefined;
  if (c.at !== undefined && typeof c.at !== "string") return undefined;
  if (c.wait !== undefined && typeof c.wait !== "string") return undefined;
  if (c.tries !== undefined && typeof c.tries !== "number") return undefined;
  if (c.digits !== undefined && typeof c.digits !== "string") return undefined;
  if (c.vars !== undefined && !isStringMap(c.vars)) return undefined;
  return c as CallState;
}
