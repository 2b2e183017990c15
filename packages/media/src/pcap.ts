// Reads the UDP datagrams of a classic libpcap file (what SIPp ships and plays), for tests, the
// bench and replaying captures. Link types: Ethernet (1), raw IPv4 (101), Linux cooked (113),
// BSD loopback (0). IPv4 only; other records are skipped.

export interface PcapDatagram {
  /** Capture time in ms, relative to the first record. */
  atMs: number;
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

export function readPcapUdp(file: Uint8Array): PcapDatagram[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = view.getUint32(0, true);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  if (!little && magic !== 0xd4c3b2a1 && magic !== 0x4d3cb2a1) throw new Error("not a pcap file");
  const linkType = view.getUint32(20, little);
  const out: PcapDatagram[] = [];
  let first: number | null = null;
  let o = 24;
  while (o + 16 <= file.length) {
    const sec = view.getUint32(o, little);
    const frac = view.getUint32(o + 4, little);
    const len = view.getUint32(o + 8, little);
    const rec = file.subarray(o + 16, o + 16 + len);
    o += 16 + len;
    const t = sec * 1000 + (nano ? frac / 1e6 : frac / 1e3);
    if (first === null) first = t;
    const ipAt = linkType === 1 ? 14 : linkType === 113 ? 16 : linkType === 0 ? 4 : linkType === 101 ? 0 : -1;
    if (ipAt < 0 || rec.length < ipAt + 20) continue;
    if (linkType === 1 && (((rec[12] as number) << 8) | (rec[13] as number)) !== 0x0800) continue;
    const ip = rec.subarray(ipAt);
    if ((ip[0] as number) >> 4 !== 4 || ip[9] !== 17) continue;
    const udp = ip.subarray(((ip[0] as number) & 0x0f) * 4);
    if (udp.length < 8) continue;
    const udpLen = ((udp[4] as number) << 8) | (udp[5] as number);
    out.push({
      atMs: t - first,
      srcPort: ((udp[0] as number) << 8) | (udp[1] as number),
      dstPort: ((udp[2] as number) << 8) | (udp[3] as number),
      payload: udp.subarray(8, Math.min(udp.length, udpLen)),
    });
  }
  return out;
}
