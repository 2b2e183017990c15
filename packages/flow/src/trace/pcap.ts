import type { CallTrace, TraceSipMessage } from "../protocol/trace.js";
import { endpoints } from "./lanes.js";

// A call's SIP messages as a classic libpcap file (LINKTYPE_RAW = 101: every record starts
// with an IP header), which Wireshark and tshark open and decode as SIP. Browser-safe: only
// typed arrays, no Buffer.
//
// Every message is written as one IPv4 (or IPv6) + UDP datagram, whatever its transport:
// TCP messages are written as UDP records too, because a faithful TCP stream would need
// sequence numbers, handshakes and segmenting that the trace does not carry, and a UDP
// record shows the same SIP message in the same ladder.

const LINKTYPE_RAW = 101;
const SNAPLEN = 65_535;
const IPV4_HDR = 20;
const IPV6_HDR = 40;
const UDP_HDR = 8;

export interface Endpoint {
  ip: Uint8Array;
  port: number;
}

function parseIpv4(s: string): Uint8Array | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? Uint8Array.from(bytes) : undefined;
}

function parseIpv6(s: string): Uint8Array | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const parse = (h: string) => (h === "" ? [] : h.split(":"));
  const head = parse(halves[0] ?? "");
  const tail = halves.length === 2 ? parse(halves[1] ?? "") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array.from({ length: missing }, () => "0"), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i] as string;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const v = Number.parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  }
  return out;
}

/** "1.2.3.4:5060" or "[::1]:5060"; anything unreadable becomes 0.0.0.0:0 so the record stays. */
export function parseEndpoint(addr: string): Endpoint {
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(addr);
  if (v6) {
    const ip = parseIpv6(v6[1] as string);
    if (ip) return { ip, port: Number(v6[2]) & 0xffff };
  }
  const v4 = /^([^:]+):(\d+)$/.exec(addr);
  if (v4) {
    const ip = parseIpv4(v4[1] as string);
    if (ip) return { ip, port: Number(v4[2]) & 0xffff };
  }
  return { ip: new Uint8Array(4), port: 0 };
}

/** The trace keeps messages as latin1 text: one char is one byte. */
function latin1Bytes(s: string, max: number): Uint8Array {
  const n = Math.min(s.length, max);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

function sum16(bytes: Uint8Array, start: number, end: number, acc = 0): number {
  let s = acc;
  for (let i = start; i < end; i += 2)
    s += ((bytes[i] as number) << 8) | (i + 1 < end ? (bytes[i + 1] as number) : 0);
  return s;
}

function fold(s: number): number {
  let v = s;
  while (v > 0xffff) v = (v & 0xffff) + Math.floor(v / 0x10000);
  return ~v & 0xffff;
}

const NO_IP = new Uint8Array(4);

/** The IP + UDP length of a datagram carrying `payloadLength` bytes from `src` to `dst`. */
function datagramLength(src: Endpoint, dst: Endpoint, payloadLength: number): number {
  return (src.ip.length === 16 && dst.ip.length === 16 ? IPV6_HDR : IPV4_HDR) + UDP_HDR + payloadLength;
}

/** One IP + UDP datagram carrying `payload` from `src` to `dst`, written into `pkt` (its exact length). */
function datagram(pkt: Uint8Array, src: Endpoint, dst: Endpoint, payload: Uint8Array, id: number): void {
  // Mixed families (should not happen) are written as IPv4 with 0.0.0.0 for the odd one out.
  const v6 = src.ip.length === 16 && dst.ip.length === 16;
  const s = v6 || src.ip.length === 4 ? src.ip : NO_IP;
  const d = v6 || dst.ip.length === 4 ? dst.ip : NO_IP;
  const ipLen = v6 ? IPV6_HDR : IPV4_HDR;
  const udpLen = UDP_HDR + payload.length;
  const dv = new DataView(pkt.buffer, pkt.byteOffset, pkt.byteLength);
  if (v6) {
    dv.setUint32(0, 0x60000000);
    dv.setUint16(4, udpLen);
    pkt[6] = 17;
    pkt[7] = 64;
    pkt.set(s, 8);
    pkt.set(d, 24);
  } else {
    pkt[0] = 0x45;
    dv.setUint16(2, ipLen + udpLen);
    dv.setUint16(4, id & 0xffff);
    dv.setUint16(6, 0x4000); // don't fragment
    pkt[8] = 64;
    pkt[9] = 17;
    pkt.set(s, 12);
    pkt.set(d, 16);
    dv.setUint16(10, fold(sum16(pkt, 0, IPV4_HDR)));
  }
  const u = ipLen;
  dv.setUint16(u, src.port);
  dv.setUint16(u + 2, dst.port);
  dv.setUint16(u + 4, udpLen);
  pkt.set(payload, u + UDP_HDR);
  // UDP checksum over the pseudo-header, so tshark's validation (when switched on) passes.
  let acc = sum16(pkt, v6 ? 8 : 12, v6 ? 40 : 20) + 17 + udpLen;
  acc = sum16(pkt, u, pkt.length, acc);
  const ck = fold(acc);
  dv.setUint16(u + 6, ck === 0 ? 0xffff : ck);
}

/** One UDP datagram for a pcap: when (ms since the epoch), from and to where, what. */
export interface UdpRecord {
  at: number;
  src: Endpoint;
  dst: Endpoint;
  payload: Uint8Array;
}

/** The biggest payload a record keeps (the rest is cut, as a snap length would). */
function room(src: Endpoint, dst: Endpoint): number {
  return SNAPLEN - UDP_HDR - (src.ip.length === 16 && dst.ip.length === 16 ? IPV6_HDR : IPV4_HDR);
}

/** A classic libpcap file (LINKTYPE_RAW) of UDP datagrams, in the order given. */
export function writeUdpPcap(records: readonly UdpRecord[]): Uint8Array {
  const w = new UdpPcapWriter(records.reduce((n, r) => n + UdpPcapWriter.recordSize(r), 0));
  for (const r of records) w.add(r);
  return w.finish();
}

/**
 * The same file record by record into one buffer sized up front (the sum of `recordSize`), so a
 * large capture can be encoded in slices between other work without a copy at the end (the
 * edge's pacing must not stall while a long call's capture is written).
 */
export class UdpPcapWriter {
  private readonly out: Uint8Array;
  private readonly dv: DataView;
  private off = 24;
  private n = 0;

  /** The bytes `add(r)` writes. */
  static recordSize(r: UdpRecord): number {
    return UdpPcapWriter.recordSizeOf(r.src, r.dst, r.payload.length);
  }

  static recordSizeOf(src: Endpoint, dst: Endpoint, payloadLength: number): number {
    return 16 + datagramLength(src, dst, Math.min(payloadLength, room(src, dst)));
  }

  constructor(recordsBytes: number) {
    this.out = new Uint8Array(24 + recordsBytes);
    this.dv = new DataView(this.out.buffer);
    this.out.set(pcapHeader(), 0);
  }

  add(r: UdpRecord): void {
    const max = room(r.src, r.dst);
    const payload = r.payload.length > max ? r.payload.subarray(0, max) : r.payload;
    const len = datagramLength(r.src, r.dst, payload.length);
    if (this.off + 16 + len > this.out.length) throw new Error("pcap writer: more records than sized for");
    recordHeader(this.dv, this.off, r.at, len);
    datagram(this.out.subarray(this.off + 16, this.off + 16 + len), r.src, r.dst, payload, ++this.n);
    this.off += 16 + len;
  }

  finish(): Uint8Array {
    return this.off === this.out.length ? this.out : this.out.subarray(0, this.off);
  }
}

interface RawRecord {
  /** ms since the epoch (microsecond precision in the file). */
  at: number;
  /** The IP packet. */
  pkt: Uint8Array;
}

/** Global header, little-endian, microsecond timestamps. */
function pcapHeader(): Uint8Array {
  const out = new Uint8Array(24);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setInt32(8, 0, true);
  dv.setUint32(12, 0, true);
  dv.setUint32(16, SNAPLEN, true);
  dv.setUint32(20, LINKTYPE_RAW, true);
  return out;
}

function recordHeader(dv: DataView, off: number, at: number, len: number): void {
  let sec = Math.floor(at / 1000);
  let usec = Math.round((at - sec * 1000) * 1000);
  if (usec >= 1_000_000) {
    sec += 1;
    usec -= 1_000_000;
  }
  dv.setUint32(off, sec >>> 0, true);
  dv.setUint32(off + 4, usec, true);
  dv.setUint32(off + 8, len, true);
  dv.setUint32(off + 12, len, true);
}

function writePcap(records: readonly RawRecord[]): Uint8Array {
  const size = 24 + records.reduce((n, r) => n + 16 + r.pkt.length, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set(pcapHeader(), 0);
  let off = 24;
  for (const r of records) {
    recordHeader(dv, off, r.at, r.pkt.length);
    out.set(r.pkt, off + 16);
    off += 16 + r.pkt.length;
  }
  return out;
}

/**
 * The records of a classic pcap file with LINKTYPE_RAW (what `writeUdpPcap` and `traceToPcap`
 * write); throws on anything else. Truncated trailing records are dropped.
 */
function readRawPcap(file: Uint8Array): RawRecord[] {
  if (file.length < 24) throw new Error("not a pcap file");
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = dv.getUint32(0, true);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  if (!little && magic !== 0xd4c3b2a1 && magic !== 0x4d3cb2a1) throw new Error("not a pcap file");
  if (dv.getUint32(20, little) !== LINKTYPE_RAW) throw new Error("not a LINKTYPE_RAW pcap");
  const out: RawRecord[] = [];
  for (let off = 24; off + 16 <= file.length; ) {
    const sec = dv.getUint32(off, little);
    const frac = dv.getUint32(off + 4, little);
    const len = dv.getUint32(off + 8, little);
    if (off + 16 + len > file.length) break;
    out.push({
      at: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3),
      pkt: file.subarray(off + 16, off + 16 + len),
    });
    off += 16 + len;
  }
  return out;
}

/**
 * Several LINKTYPE_RAW pcaps (a call's SIP ladder, its captured RTP) as one, every record in
 * time order; records of equal time keep the order of the files given (SIP before RTP, so the
 * SDP that announces a stream comes before its first packet and tshark decodes it as RTP).
 */
export function mergePcaps(...files: Uint8Array[]): Uint8Array {
  const all = files.flatMap((f, file) => readRawPcap(f).map((r, i) => ({ ...r, file, i })));
  all.sort((a, b) => a.at - b.at || a.file - b.file || a.i - b.i);
  return writePcap(all);
}

export function traceToPcap(trace: Pick<CallTrace, "sip">): Uint8Array {
  const messages: TraceSipMessage[] = [...trace.sip].sort((a, b) => a.at - b.at);
  return writeUdpPcap(
    messages.map((m) => {
      const [from, to] = endpoints(m);
      const src = parseEndpoint(from);
      const dst = parseEndpoint(to);
      return { at: m.at, src, dst, payload: latin1Bytes(m.raw, room(src, dst)) };
    }),
  );
}
