// Digit collection timers (what Twilio's <Gather>, FreeSWITCH's play_and_get_digits and Chime's
// PlayAndGetDigits do, in one set of rules):
// - the first-digit timer starts when the prompt ends (or at once without a prompt);
// - a digit during the prompt stops it (barge-in, default on) and is the first digit; without
//   barge-in, digits pressed during the prompt are discarded;
// - each digit restarts the inter-digit timer;
// - reaching maxDigits ends at once; the terminator ends and is not part of the digits;
// - on expiry, at least minDigits is `complete`, none is `noInput`, fewer is `noMatch`.
import { digitsOutcome, type EndedBy, type MediaResult } from "./result.js";

export interface CollectOptions {
  maxDigits: number;
  minDigits?: number;
  firstDigitTimeoutMs?: number;
  interDigitTimeoutMs?: number;
  /** A key that ends input (not part of the digits), e.g. "#". */
  terminator?: string | null;
  /** A digit during the prompt stops the prompt (default true). */
  bargeIn?: boolean;
}

export type DigitVerdict = "ignored" | "accepted" | "bargeIn";

export class DigitCollector {
  private readonly minDigits: number;
  private readonly firstMs: number;
  private readonly interMs: number;
  private readonly terminator: string | null;
  private readonly bargeIn: boolean;
  private digits = "";
  private deadline = Number.POSITIVE_INFINITY;
  private deadlineKind: EndedBy = "firstDigitTimeout";
  private prompting: boolean;
  private result: MediaResult | null = null;

  constructor(
    private readonly opts: CollectOptions,
    private readonly startedAt: number,
    promptPlaying: boolean,
  ) {
    this.minDigits = opts.minDigits ?? 1;
    this.firstMs = opts.firstDigitTimeoutMs ?? 5000;
    this.interMs = opts.interDigitTimeoutMs ?? 3000;
    this.terminator = opts.terminator ?? null;
    this.bargeIn = opts.bargeIn ?? true;
    this.prompting = promptPlaying;
    if (!promptPlaying) this.deadline = startedAt + this.firstMs;
  }

  get done(): MediaResult | null {
    return this.result;
  }

  /** The prompt finished playing: the first-digit timer starts now. */
  promptEnded(now: number): void {
    if (!this.prompting || this.result) return;
    this.prompting = false;
    if (this.digits === "") this.deadline = now + this.firstMs;
  }

  /** A digit ended (was pressed). Says whether the prompt must stop. */
  digit(d: string, now: number): DigitVerdict {
    if (this.result) return "ignored";
    let verdict: DigitVerdict = "accepted";
    if (this.prompting) {
      if (!this.bargeIn) return "ignored";
      this.prompting = false;
      verdict = "bargeIn";
    }
    if (this.terminator !== null && d === this.terminator) {
      this.finish(now, "terminator", d);
      return verdict;
    }
    this.digits += d;
    if (this.digits.length >= this.opts.maxDigits) {
      this.finish(now, "maxDigits", null);
      return verdict;
    }
    this.deadline = now + this.interMs;
    this.deadlineKind = "interDigitTimeout";
    return verdict;
  }

  /** A digit began (RFC 4733 first packet, in-band onset): barge-in without waiting for its end. */
  digitBegan(): DigitVerdict {
    if (this.result || !this.prompting || !this.bargeIn) return "ignored";
    return "bargeIn";
  }

  poll(now: number): MediaResult | null {
    if (!this.result && now >= this.deadline) this.finish(this.deadline, this.deadlineKind, null);
    return this.result;
  }

  nextDeadline(): number {
    return this.result ? Number.POSITIVE_INFINITY : this.deadline;
  }

  /** The call ended (or the action was stopped) before the collect did. */
  abort(now: number, endedBy: "hangup" | "stopped"): MediaResult {
    if (!this.result) this.finish(now, endedBy, null);
    return this.result as MediaResult;
  }

  private finish(at: number, endedBy: EndedBy, terminator: string | null): void {
    this.deadline = Number.POSITIVE_INFINITY;
    this.result = {
      action: "collect",
      outcome: digitsOutcome(this.digits, this.minDigits),
      digits: this.digits,
      terminator,
      endedBy,
      durationMs: Math.max(0, Math.round(at - this.startedAt)),
    };
  }
}
