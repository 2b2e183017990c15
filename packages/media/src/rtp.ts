// RTP fixed header (RFC 3550 §5.1). Parsing never throws: a datagram that is not a valid RTP
// packet is `null`, and the caller drops it (§A.1 validity checks).

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  /** A view into the datagram (no copy): valid as long as the datagram is. */
  payload: Uint8Array;
}

export const RTP_HEADER_BYTES = 12;

/**
 * True when the datagram's second byte marks RTCP (RFC 5761 §4: with rtcp-mux, packet types
 * 192-223 are RTCP; RTP payload types 64-95 would collide and are never negotiated).
 */
export function looksLikeRtcp(data: Uint8Array): boolean {
  const b = data[1];
  return data.length >= 8 && b !== undefined && b >= 192 && b <= 223;
}

export function parseRtp(data: Uint8Array): RtpPacket | null {
  if (data.length < RTP_HEADER_BYTES) return null;
  const b0 = data[0] as number;
  if (b0 >> 6 !== 2) return null;
  const b1 = data[1] as number;
  let offset = RTP_HEADER_BYTES + (b0 & 0x0f) * 4;
  let end = data.length;
  if (b0 & 0x10) {
    // Header extension (§5.3.1): 16-bit profile, 16-bit length in 32-bit words.
    if (end < offset + 4) return null;
    offset += 4 + (((data[offset + 2] as number) << 8) | (data[offset + 3] as number)) * 4;
  }
  if (b0 & 0x20) {
    // Padding (§5.1): the last octet counts the padding octets, itself included.
    const pad = data[end - 1] as number;
    if (pad === 0) return null;
    end -= pad;
  }
  if (offset > end) return null;
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: ((data[2] as number) << 8) | (data[3] as number),
    timestamp: readU32(data, 4),
    ssrc: readU32(data, 8),
    payload: data.subarray(offset, end),
  };
}

/** Writes a 12-byte header (no CSRCs, no extension) and the payload into a new buffer. */
export function serializeRtp(p: RtpPacket): Uint8Array {
  const out = new Uint8Array(RTP_HEADER_BYTES + p.payload.length);
  writeRtpHeader(out, p.marker, p.payloadType, p.sequenceNumber, p.timestamp, p.ssrc);
  out.set(p.payload, RTP_HEADER_BYTES);
  return out;
}

export function writeRtpHeader(
  out: Uint8Array,
  marker: boolean,
  payloadType: number,
  sequenceNumber: number,
  timestamp: number,
  ssrc: number,
): void {
  out[0] = 0x80;
  out[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  out[2] = (sequenceNumber >> 8) & 0xff;
  out[3] = sequenceNumber & 0xff;
  writeU32(out, 4, timestamp);
  writeU32(out, 8, ssrc);
}

export function readU32(d: Uint8Array, i: number): number {
  return (
    (((d[i] as number) << 24) |
      ((d[i + 1] as number) << 16) |
      ((d[i + 2] as number) << 8) |
      (d[i + 3] as number)) >>>
    0
  );
}

export function writeU32(d: Uint8Array, i: number, v: number): void {
  d[i] = (v >>> 24) & 0xff;
  d[i + 1] = (v >>> 16) & 0xff;
  d[i + 2] = (v >>> 8) & 0xff;
  d[i + 3] = v & 0xff;
}

/** Signed distance a - b between two 16-bit sequence numbers (RFC 3550 §A.1 wrap-around). */
export function seqDiff(a: number, b: number): number {
  return ((a - b + 0x8000) & 0xffff) - 0x8000;
}

/** Signed distance a - b between two 32-bit RTP timestamps. */
export function tsDiff(a: number, b: number): number {
  return (a - b) | 0;
}
