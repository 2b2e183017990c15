import type { BridgeOutcome } from "../protocol/events.js";

/** One thing the simulated caller (or the network, or the customer's function) does. */
export type SimInput =
  /** DTMF digits entered at a menu or collect ("1", "123#"). */
  | { digits: string }
  /** The caller says nothing: the collect times out with no digits. */
  | { silence: true }
  /** How a forward (bridge) ended. */
  | { forward: BridgeOutcome }
  /** The customer's decision function answers an output (and variables). */
  | { decision: string; variables?: Record<string, string> }
  /** The customer's decision function fails. */
  | { decisionError: "timeout" | "error" | "invalid" }
  /** The caller hangs up. */
  | { hangup: true };

export class SimInputError extends Error {
  readonly code = "invalid_input";
  constructor(readonly input: string) {
    super(
      `"${input}" is not a simulator input: digits (1, 123#), silence, answered|busy|noAnswer|rejected|failed, ` +
        "decision:<output>[?k=v&...], decision-timeout|decision-error|decision-invalid, hangup",
    );
    this.name = "SimInputError";
  }
}

const OUTCOMES: Record<string, BridgeOutcome> = {
  answered: "answered",
  busy: "busy",
  noanswer: "noAnswer",
  "no-answer": "noAnswer",
  rejected: "rejected",
  failed: "failed",
};

/**
 * The text syntax of `ringflow simulate --input` (docs/flows.md): `1`, `123#` digits; `silence`;
 * `answered`, `busy`, `noAnswer` (or `no-answer`), `rejected`, `failed` for a forward; `decision:vip`
 * or `decision:vip?tier=gold&x=1` for a decision's answer; `decision-timeout`, `decision-error`,
 * `decision-invalid`; `hangup`.
 */
export function parseSimInput(text: string): SimInput {
  const t = text.trim();
  if (/^[0-9*#A-D]{1,64}$/.test(t)) return { digits: t };
  const lower = t.toLowerCase();
  if (lower === "silence") return { silence: true };
  if (lower === "hangup") return { hangup: true };
  const outcome = OUTCOMES[lower];
  if (outcome) return { forward: outcome };
  const failure = /^decision-(timeout|error|invalid)$/.exec(lower);
  if (failure) return { decisionError: failure[1] as "timeout" | "error" | "invalid" };
  const answer = /^decision:([A-Za-z0-9_-]{1,32})(?:\?(.*))?$/.exec(t);
  if (answer) {
    const input: SimInput = { decision: answer[1] as string };
    if (answer[2] !== undefined) input.variables = Object.fromEntries(new URLSearchParams(answer[2]));
    return input;
  }
  throw new SimInputError(text);
}

/** Several inputs from `--input` values; each may hold a comma-separated list (`1,busy,decision:vip`). */
export const parseSimInputs = (values: readonly string[]): SimInput[] =>
  values
    .flatMap((v) => v.split(","))
    .filter((v) => v.trim() !== "")
    .map(parseSimInput);
