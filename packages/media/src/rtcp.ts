// Minimal RTCP (RFC 3550 §6): receiver statistics (§A.1, §A.3, §A.8), sender and receiver
// reports with one report block, and an SDES CNAME (every compound packet carries one, §6.1).
import { readU32, seqDiff, writeU32 } from "./rtp.js";

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;

export interface ReportBlock {
  ssrc: number;
  fractionLost: number;
  cumulativeLost: number;
  highestSeq: number;
  jitter: number;
  lastSr: number;
  delaySinceLastSr: number;
}

export interface RtcpReport {
  type: typeof RTCP_SR | typeof RTCP_RR;
  ssrc: number;
  /** SR only: the middle 32 bits of the NTP timestamp (what a later report's LSR echoes). */
  ntpMiddle?: number;
  rtpTimestamp?: number;
  packetCount?: number;
  octetCount?: number;
  blocks: ReportBlock[];
}

/** Reads the SRs and RRs of a compound packet; other packet types are skipped. `null` if malformed. */
export function parseRtcp(data: Uint8Array): RtcpReport[] | null {
  const out: RtcpReport[] = [];
  let i = 0;
  while (i + 4 <= data.length) {
    const b0 = data[i] as number;
    if (b0 >> 6 !== 2) return null;
    const count = b0 & 0x1f;
    const pt = data[i + 1] as number;
    const len = ((((data[i + 2] as number) << 8) | (data[i + 3] as number)) + 1) * 4;
    if (i + len > data.length) return null;
    if (pt === RTCP_SR || pt === RTCP_RR) {
      const fixed = pt === RTCP_SR ? 28 : 8;
      if (len < fixed + count * 24) return null;
      const r: RtcpReport = { type: pt, ssrc: readU32(data, i + 4), blocks: [] };
      if (pt === RTCP_SR) {
        r.ntpMiddle = ((readU32(data, i + 8) << 16) | (readU32(data, i + 12) >>> 16)) >>> 0;
        r.rtpTimestamp = readU32(data, i + 16);
        r.packetCount = readU32(data, i + 20);
        r.octetCount = readU32(data, i + 24);
      }
      for (let k = 0; k < count; k++) {
        const o = i + fixed + k * 24;
        const lost = readU32(data, o + 4);
        r.blocks.push({
          ssrc: readU32(data, o),
          fractionLost: lost >>> 24,
          cumulativeLost: (lost << 8) >> 8,
          highestSeq: readU32(data, o + 8),
          jitter: readU32(data, o + 12),
          lastSr: readU32(data, o + 16),
          delaySinceLastSr: readU32(data, o + 20),
        });
      }
      out.push(r);
    }
    i += len;
  }
  return i === data.length ? out : null;
}

/** Per-source reception statistics (RFC 3550 §A.1 sequence tracking, §A.8 interarrival jitter). */
export class ReceptionStats {
  ssrc = 0;
  private baseSeq = -1;
  private maxSeq = 0;
  private cycles = 0;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transit: number | null = null;
  private jitterUnits = 0;
  private lastSrMiddle = 0;
  private lastSrAt = 0;

  /** `arrivalMs` on the session's monotonic clock; `clockRate` samples per second. */
  update(ssrc: number, seq: number, timestamp: number, arrivalMs: number, clockRate = 8000): void {
    if (this.baseSeq < 0 || ssrc !== this.ssrc) {
      this.ssrc = ssrc;
      this.baseSeq = seq;
      this.maxSeq = seq;
      this.cycles = 0;
      this.received = 0;
      this.expectedPrior = 0;
      this.receivedPrior = 0;
      this.transit = null;
      this.jitterUnits = 0;
    }
    const d = seqDiff(seq, this.maxSeq);
    if (d > 0) {
      if (seq < this.maxSeq) this.cycles += 0x10000;
      this.maxSeq = seq;
    }
    this.received++;
    const arrival = Math.round((arrivalMs * clockRate) / 1000);
    const transit = (arrival - timestamp) | 0;
    if (this.transit !== null) {
      const delta = Math.abs((transit - this.transit) | 0);
      this.jitterUnits += (delta - this.jitterUnits) / 16;
    }
    this.transit = transit;
  }

  /** Records an SR from this source, for the LSR/DLSR fields of our next report (§6.4.1). */
  senderReport(ntpMiddle: number, nowMs: number): void {
    this.lastSrMiddle = ntpMiddle;
    this.lastSrAt = nowMs;
  }

  get packetsReceived(): number {
    return this.received;
  }

  /** A report block as of `nowMs`; advances the "since last report" interval. */
  block(nowMs: number): ReportBlock | null {
    if (this.baseSeq < 0) return null;
    const extMax = this.cycles + this.maxSeq;
    const expected = extMax - this.baseSeq + 1;
    const lost = Math.max(-0x800000, Math.min(0x7fffff, expected - this.received));
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fraction =
      expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval << 8) / expectedInterval);
    return {
      ssrc: this.ssrc,
      fractionLost: Math.min(255, fraction),
      cumulativeLost: lost,
      highestSeq: extMax >>> 0,
      jitter: Math.floor(this.jitterUnits) >>> 0,
      lastSr: this.lastSrMiddle,
      delaySinceLastSr:
        this.lastSrMiddle === 0 ? 0 : Math.round(((nowMs - this.lastSrAt) * 65536) / 1000) >>> 0,
    };
  }
}

export interface SenderInfo {
  /** Wall-clock time of the report, in ms since the Unix epoch. */
  wallMs: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

const NTP_UNIX_OFFSET_S = 2_208_988_800;

/** NTP timestamp (seconds since 1900, 32.32 fixed point) of a Unix time in ms. */
export function ntpTime(wallMs: number): { seconds: number; fraction: number } {
  const s = Math.floor(wallMs / 1000);
  return {
    seconds: (s + NTP_UNIX_OFFSET_S) >>> 0,
    fraction: Math.floor(((wallMs - s * 1000) / 1000) * 0x100000000) >>> 0,
  };
}

/**
 * A compound packet: SR when we sent media since the last report (`sender` given), else RR;
 * at most one report block; then SDES with our CNAME (§6.1).
 */
export function buildRtcpReport(
  ssrc: number,
  cname: string,
  sender: SenderInfo | null,
  block: ReportBlock | null,
): Uint8Array {
  const rc = block ? 1 : 0;
  const reportLen = (sender ? 28 : 8) + rc * 24;
  const cnameBytes = new TextEncoder().encode(cname.slice(0, 255));
  // SDES chunk: SSRC, CNAME item (type, length, text), a null item end, padded to 32 bits.
  const sdesLen = 4 + Math.ceil((4 + 2 + cnameBytes.length + 1) / 4) * 4;
  const out = new Uint8Array(reportLen + sdesLen);
  out[0] = 0x80 | rc;
  out[1] = sender ? RTCP_SR : RTCP_RR;
  out[2] = 0;
  out[3] = reportLen / 4 - 1;
  writeU32(out, 4, ssrc);
  let o = 8;
  if (sender) {
    const ntp = ntpTime(sender.wallMs);
    writeU32(out, 8, ntp.seconds);
    writeU32(out, 12, ntp.fraction);
    writeU32(out, 16, sender.rtpTimestamp);
    writeU32(out, 20, sender.packetCount);
    writeU32(out, 24, sender.octetCount);
    o = 28;
  }
  if (block) {
    writeU32(out, o, block.ssrc);
    writeU32(out, o + 4, ((block.fractionLost & 0xff) << 24) | (block.cumulativeLost & 0xffffff));
    writeU32(out, o + 8, block.highestSeq);
    writeU32(out, o + 12, block.jitter);
    writeU32(out, o + 16, block.lastSr);
    writeU32(out, o + 20, block.delaySinceLastSr);
  }
  const s = reportLen;
  out[s] = 0x81;
  out[s + 1] = RTCP_SDES;
  out[s + 3] = sdesLen / 4 - 1;
  writeU32(out, s + 4, ssrc);
  out[s + 8] = 1; // CNAME
  out[s + 9] = cnameBytes.length;
  out.set(cnameBytes, s + 10);
  return out;
}
