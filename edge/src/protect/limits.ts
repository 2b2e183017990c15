// Admission limits for new INVITEs: calls in progress and INVITEs per second per source IP
// (a token bucket per source, refilled continuously). 0 switches a limit off.

export type Refusal = "calls_cap" | "rate_cap";

export class Admission {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  refused = { calls_cap: 0, rate_cap: 0 };

  constructor(
    private readonly maxCalls: number,
    private readonly ratePerSource: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** undefined = admitted; otherwise why not. */
  admit(source: string, callsInProgress: number): Refusal | undefined {
    if (this.maxCalls > 0 && callsInProgress >= this.maxCalls) {
      this.refused.calls_cap++;
      return "calls_cap";
    }
    if (this.ratePerSource > 0) {
      const t = this.now();
      let b = this.buckets.get(source);
      if (!b) {
        if (this.buckets.size > 10_000) this.sweep(t);
        b = { tokens: this.ratePerSource, at: t };
        this.buckets.set(source, b);
      }
      b.tokens = Math.min(this.ratePerSource, b.tokens + ((t - b.at) / 1000) * this.ratePerSource);
      b.at = t;
      if (b.tokens < 1) {
        this.refused.rate_cap++;
        return "rate_cap";
      }
      b.tokens -= 1;
    }
    return undefined;
  }

  /** Drop buckets that are full again (sources that went quiet). */
  private sweep(t: number): void {
    for (const [k, b] of this.buckets) if (t - b.at > 1000) this.buckets.delete(k);
  }
}
