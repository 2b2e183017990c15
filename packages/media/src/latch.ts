// Which source a call's RTP is taken from, and where ours goes: symmetric RTP (RFC 4961) latches
// onto the address the peer's packets come from, which is what makes a caller behind NAT hear
// anything. Latching onto whoever sends first is how "RTP bleed" works: anyone who can reach the
// port range sprays packets at every port and gets the audio sent back to them (a bridged call's
// other party, the prompts) and injects their own (digits into a menu, audio into a voicemail).
//
// So, as an SBC's restricted latching does:
// - Before latching, packets from an expected address (the SDP connection address, the
//   signalling peer's) latch at once. A stranger is heard only after `strangerGraceMs` without
//   any packet from an expected address: a caller whose SDP and signalling both name other
//   addresses (NAT behind a proxy that does not fix the SDP) still gets its audio, late; an
//   attacker racing a caller who sends from where it said it would never wins.
// - Once latched, only the latched source is heard. Another source takes over only when the
//   latched one has been silent for `relearnAfterMs` and the newcomer is on the latched IP (a
//   NAT rebinding the port) or an expected address.
// - A re-INVITE that moves the media learns again, from the new expected addresses.

export interface LatchPolicy {
  /** How long a stranger is ignored while nothing came from an expected address (ms). */
  strangerGraceMs: number;
  /** How long the latched source must be silent before another may take over (ms). */
  relearnAfterMs: number;
}

export const DEFAULT_LATCH_POLICY: LatchPolicy = { strangerGraceMs: 2000, relearnAfterMs: 500 };

/** What to do with one packet: take it from the latched source, take it and latch (a new source), or drop it. */
export type LatchVerdict = "accept" | "latched" | "drop";

export interface Source {
  address: string;
  port: number;
}

export class SourceLatch {
  private source: Source | undefined;
  private lastHeard = Number.NEGATIVE_INFINITY;
  private learningSince: number;
  private expected: readonly string[];
  /** Packets dropped because they came from someone else. */
  dropped = 0;

  constructor(
    expected: readonly string[],
    now: number,
    private readonly policy: LatchPolicy = DEFAULT_LATCH_POLICY,
  ) {
    this.expected = expected;
    this.learningSince = now;
  }

  /** The source packets are taken from (and ours sent to), once latched. */
  get latched(): Source | undefined {
    return this.source;
  }

  /** One RTP packet from `address:port` at `now`. */
  offer(address: string, port: number, now: number): LatchVerdict {
    const s = this.source;
    if (s !== undefined && s.address === address && s.port === port) {
      this.lastHeard = now;
      return "accept";
    }
    if (this.mayLatch(address, now)) {
      this.source = { address, port };
      this.lastHeard = now;
      return "latched";
    }
    this.dropped++;
    return "drop";
  }

  private mayLatch(address: string, now: number): boolean {
    const expected = this.expected.includes(address);
    const s = this.source;
    if (s === undefined) return expected || now - this.learningSince >= this.policy.strangerGraceMs;
    return (expected || address === s.address) && now - this.lastHeard >= this.policy.relearnAfterMs;
  }

  /**
   * An RTCP packet (or any other datagram of the call) from `address`: heard only from the
   * latched source's IP, or before latching from an expected address.
   */
  hears(address: string): boolean {
    return this.source ? this.source.address === address : this.expected.includes(address);
  }

  /** Latch onto `source` now (the caller's, as the session had it when the call is bridged). */
  pin(source: Source, now: number): void {
    this.source = { address: source.address, port: source.port };
    this.lastHeard = now;
  }

  /** A re-INVITE that keeps the media where it was may still name other addresses. */
  expect(expected: readonly string[]): void {
    this.expected = expected;
  }

  /** A re-INVITE moved the media: learn again from `expected`. */
  relearn(expected: readonly string[], now: number): void {
    this.expected = expected;
    this.source = undefined;
    this.lastHeard = Number.NEGATIVE_INFINITY;
    this.learningSince = now;
  }
}
