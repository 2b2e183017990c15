// The reflection guard of one call's outbound media. Symmetric RTP (RFC 4961) sends to where
// the peer's packets come from, but until its first packet arrives the only destination is the
// IPv4 literal its SDP wrote in c=/m=, which nothing checks: a hostile caller can name a third
// party there and have one INVITE buy minutes of 50 packets a second toward it (latching's
// known weakness, RFC 7362's security considerations; ICE answers it with consent, RFC 7675).
// So toward an address not yet heard from, at most `limitPackets` packets go out over the whole
// call; past that the session keeps its clock and actions but its datagrams are withheld until
// a packet from the peer proves the destination (the session decides what proves it).

/** RTP packets (one per 20 ms slot) the session sends toward an unheard address by default: 3 s. */
export const DEFAULT_UNHEARD_SEND_LIMIT_MS = 3000;

export class UnheardSendCap {
  private heard = false;
  /** Packets sent toward unheard addresses so far (the call's budget is spent across re-INVITEs). */
  private unheardSent = 0;
  /** RTP packets withheld so far. */
  withheld = 0;

  /** `limitPackets`: Infinity for no cap, 0 to send nothing before the peer is heard. */
  constructor(readonly limitPackets: number) {}

  /** From a limit in ms of 20 ms packets (Infinity: no cap). */
  static fromMs(ms: number, packetMs = 20): UnheardSendCap {
    if (!(ms >= 0)) throw new RangeError(`unheard send limit must be >= 0 ms, got ${ms}`);
    return new UnheardSendCap(Math.ceil(ms / packetMs));
  }

  /** The destination has been heard from (or latched to the source of the peer's packets). */
  get isHeard(): boolean {
    return this.heard;
  }

  /** Datagrams are being withheld now (unheard, budget spent). */
  get capped(): boolean {
    return !this.heard && this.unheardSent >= this.limitPackets;
  }

  /** An RTP packet is due: true to send it (counted against the budget while unheard). */
  allowRtp(): boolean {
    if (this.heard) return true;
    if (this.unheardSent < this.limitPackets) {
      this.unheardSent++;
      return true;
    }
    this.withheld++;
    return false;
  }

  /** An RTCP report is due: it goes while RTP may (it does not spend the budget: one per ~5 s). */
  allowRtcp(): boolean {
    return !this.capped;
  }

  /** A packet from the peer proved the destination: no cap from now on (until `moved`). */
  heardFrom(): void {
    this.heard = true;
  }

  /** The destination changed to an address not heard from (a re-INVITE): the cap applies again. */
  moved(): void {
    this.heard = false;
  }
}
