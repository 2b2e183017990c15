// The one result shape every media action ends with (play, collect, record, pause, sendDigits),
// so the edge reports them to the decision function the same way.

export type MediaActionType = "play" | "collect" | "record" | "pause" | "sendDigits";

/**
 * - `complete`: the action did what it was asked (a collect got at least `minDigits`; a record
 *   kept a message).
 * - `noInput`: a collect got no digit at all.
 * - `noMatch`: a collect got fewer than `minDigits` digits.
 * - `interrupted`: a prompt was cut by a digit (barge-in) or stopped.
 * - `tooShort`: a recording shorter than its minimum once trailing silence was trimmed.
 * - `hangup`: the call ended before the action did anything useful.
 */
export type MediaOutcome = "complete" | "noInput" | "noMatch" | "interrupted" | "tooShort" | "hangup";

export type EndedBy =
  | "promptEnd"
  | "bargeIn"
  | "maxDigits"
  | "terminator"
  | "firstDigitTimeout"
  | "interDigitTimeout"
  | "silence"
  | "maxLength"
  | "hangup"
  | "stopped"
  | "elapsed"
  | "sent";

export interface MediaResult {
  action: MediaActionType;
  outcome: MediaOutcome;
  /** Digits collected (without the terminator); "" for actions that take none. */
  digits: string;
  /** The terminator key that ended it, or null. */
  terminator: string | null;
  endedBy: EndedBy;
  /** From the action's start to its end, on the session clock. */
  durationMs: number;
  /** record only: the message (8 kHz mono samples) and its length after trimming. */
  recording?: { pcm: Int16Array; durationMs: number };
}

export function digitsOutcome(digits: string, minDigits: number): MediaOutcome {
  return digits.length >= minDigits ? "complete" : digits.length === 0 ? "noInput" : "noMatch";
}

/** The result of an action that takes no digits (play, pause, sendDigits, a record that never began). */
export function plainResult(
  action: MediaActionType,
  outcome: MediaOutcome,
  endedBy: EndedBy,
  durationMs: number,
): MediaResult {
  return {
    action,
    outcome,
    digits: "",
    terminator: null,
    endedBy,
    durationMs: Math.max(0, Math.round(durationMs)),
  };
}
