// When a peer's media has died (RFC 3550 §6.3.5 times out a silent member; SIP leaves it to the
// endpoint): no RTP or RTCP from it for `timeoutMs`, or for `holdTimeoutMs` while the call is
// held (any direction but sendrecv), since a holding phone may send no RTP at all, only RTCP
// (RFC 3264 §5.1). Each silence is reported once; a packet or a re-INVITE starts the timer again.

export interface InactivityLimits {
  /** 0 = never. */
  timeoutMs: number;
  /** While held; 0 = never. */
  holdTimeoutMs: number;
}

export interface Silence {
  silentForMs: number;
  held: boolean;
}

export class InactivityTimer {
  private lastAt: number;
  private reported = false;

  constructor(
    private readonly limits: InactivityLimits,
    now: number,
  ) {
    this.lastAt = now;
  }

  /** A packet (RTP or RTCP) from the peer. */
  heard(now: number): void {
    this.lastAt = now;
    this.reported = false;
  }

  /** A re-INVITE (hold, unhold, a move): the silence is counted from it. */
  restart(now: number): void {
    this.lastAt = Math.max(this.lastAt, now);
    this.reported = false;
  }

  /** The silence, the first time it passes its limit (the hold one when `held`). */
  check(now: number, held: boolean): Silence | null {
    if (this.reported) return null;
    const limit = held ? this.limits.holdTimeoutMs : this.limits.timeoutMs;
    if (limit <= 0 || now - this.lastAt < limit) return null;
    this.reported = true;
    return { silentForMs: Math.round(now - this.lastAt), held };
  }
}
