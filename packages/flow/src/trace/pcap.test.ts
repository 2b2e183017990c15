import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWithTools } from "@ringflow/testkit";
import { bridgedTrace } from "./fixture.test-util.js";
import { mergePcaps, parseEndpoint, traceToPcap, writeUdpPcap } from "./index.js";

function records(pcap: Uint8Array): Uint8Array[] {
  const dv = new DataView(pcap.buffer, pcap.byteOffset, pcap.byteLength);
  const out: Uint8Array[] = [];
  for (let off = 24; off < pcap.length; ) {
    const len = dv.getUint32(off + 8, true);
    out.push(pcap.subarray(off + 16, off + 16 + len));
    off += 16 + len;
  }
  return out;
}

test("global header: little-endian magic, v2.4, LINKTYPE_RAW", () => {
  const pcap = traceToPcap(bridgedTrace());
  const dv = new DataView(pcap.buffer);
  expect(dv.getUint32(0, true)).toBe(0xa1b2c3d4);
  expect(dv.getUint16(4, true)).toBe(2);
  expect(dv.getUint16(6, true)).toBe(4);
  expect(dv.getUint32(20, true)).toBe(101);
});

test("one IPv4+UDP record per message with a valid IP checksum and microsecond time", () => {
  const trace = bridgedTrace();
  const pcap = traceToPcap(trace);
  const recs = records(pcap);
  expect(recs).toHaveLength(trace.sip.length);
  const first = recs[0] as Uint8Array;
  expect(first[0]).toBe(0x45);
  expect(first[9]).toBe(17);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += ((first[i] as number) << 8) | (first[i + 1] as number);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  expect(sum).toBe(0xffff);
  const dv = new DataView(first.buffer, first.byteOffset);
  expect(dv.getUint16(20)).toBe(5070); // the INVITE came from the caller
  expect(dv.getUint16(22)).toBe(5060);
  const payload = new TextDecoder("latin1").decode(first.subarray(28));
  expect(payload).toBe(trace.sip[0]?.raw);
  const hdr = new DataView(pcap.buffer, 24);
  expect(hdr.getUint32(0, true)).toBe(1_764_000_000);
  expect(hdr.getUint32(4, true)).toBe(250);
});

test("endpoints: IPv4, bracketed IPv6, and unreadable ones kept as 0.0.0.0:0", () => {
  expect(parseEndpoint("10.1.2.3:5080")).toEqual({ ip: Uint8Array.from([10, 1, 2, 3]), port: 5080 });
  const v6 = parseEndpoint("[::1]:5060");
  expect(v6.ip).toHaveLength(16);
  expect(v6.ip[15]).toBe(1);
  expect(v6.port).toBe(5060);
  expect(parseEndpoint("edge.example:5060")).toEqual({ ip: new Uint8Array(4), port: 0 });
});

/** An RTP packet (RFC 3550 §5.1): v2, PCMU, 160 bytes of mu-law silence. */
function rtp(seq: number): Uint8Array {
  const p = new Uint8Array(12 + 160).fill(0xff);
  const dv = new DataView(p.buffer);
  p[0] = 0x80;
  p[1] = 0;
  dv.setUint16(2, seq);
  dv.setUint32(4, seq * 160);
  dv.setUint32(8, 0x1234);
  return p;
}

/** RTP both ways between the fixture's SDP (127.0.0.1:6000) and a caller at 127.0.0.1:7000, after the ACK. */
function rtpCapture(at0: number): Uint8Array {
  const edge = parseEndpoint("127.0.0.1:6000");
  const peer = parseEndpoint("127.0.0.1:7000");
  return writeUdpPcap([
    { at: at0, src: peer, dst: edge, payload: rtp(1) },
    { at: at0 + 2, src: edge, dst: peer, payload: rtp(100) },
    { at: at0 + 4, src: peer, dst: edge, payload: rtp(2) },
    { at: at0 + 6, src: edge, dst: peer, payload: rtp(101) },
  ]);
}

function times(pcap: Uint8Array): number[] {
  const dv = new DataView(pcap.buffer, pcap.byteOffset, pcap.byteLength);
  const out: number[] = [];
  for (let off = 24; off < pcap.length; off += 16 + dv.getUint32(off + 8, true))
    out.push(dv.getUint32(off, true) * 1e6 + dv.getUint32(off + 4, true));
  return out;
}

test("merge: every record of both files, in time order, IP packets unchanged", () => {
  const trace = bridgedTrace();
  const sip = traceToPcap(trace);
  const media = rtpCapture((trace.sip[8]?.at as number) + 1);
  const merged = mergePcaps(sip, media);
  expect(merged.length).toBe(sip.length + media.length - 24);
  const t = times(merged);
  expect(t).toEqual([...t].sort((a, b) => a - b));
  const recs = records(merged);
  expect(recs).toHaveLength(trace.sip.length + 4);
  // After the INVITE..ACK (9 messages) come the 4 RTP packets, then the BYE.
  expect(records(media)).toEqual(recs.slice(9, 13));
  expect(new TextDecoder("latin1").decode((recs[13] as Uint8Array).subarray(28, 31))).toBe("BYE");
});

test("merge: records at the same time keep the order of the files given (SIP first)", () => {
  const at = 1_764_000_000_000;
  const a = writeUdpPcap([
    { at, src: parseEndpoint("1.1.1.1:1"), dst: parseEndpoint("2.2.2.2:2"), payload: rtp(1) },
  ]);
  const b = writeUdpPcap([
    { at, src: parseEndpoint("3.3.3.3:3"), dst: parseEndpoint("4.4.4.4:4"), payload: rtp(2) },
  ]);
  expect(records(mergePcaps(a, b))).toEqual([...records(a), ...records(b)]);
  expect(records(mergePcaps(b, a))).toEqual([...records(b), ...records(a)]);
});

test("merge refuses what is not a LINKTYPE_RAW pcap, and drops a truncated last record", () => {
  expect(() => mergePcaps(new Uint8Array(10))).toThrow(/not a pcap/);
  const eth = traceToPcap(bridgedTrace());
  new DataView(eth.buffer).setUint32(20, 1, true);
  expect(() => mergePcaps(eth)).toThrow(/LINKTYPE_RAW/);
  const whole = rtpCapture(1_764_000_000_000);
  expect(records(mergePcaps(whole.subarray(0, whole.length - 5)))).toHaveLength(3);
});

describeWithTools(["tshark"], "tshark reads the pcap", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "rf-pcap-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const decode = (file: string) =>
    execFileSync(
      "tshark",
      ["-r", file, "-Y", "sip", "-T", "fields", "-e", "sip.Method", "-e", "sip.Status-Code"],
      {
        encoding: "utf8",
      },
    )
      .trim()
      .split("\n")
      .map((l) => l.split("\t").filter(Boolean).join(""));

  const expected = [
    "INVITE",
    "100",
    "INVITE",
    "180",
    "180",
    "200",
    "ACK",
    "200",
    "ACK",
    "BYE",
    "200",
    "BYE",
    "486",
  ];

  test("every SIP method and status code decodes, in order", () => {
    const file = join(dir, "udp.pcap");
    writeFileSync(file, traceToPcap(bridgedTrace()));
    expect(decode(file)).toEqual(expected);
  });

  test("SIP merged with captured RTP: tshark finds the streams from the SDP, both directions", () => {
    const trace = bridgedTrace();
    const file = join(dir, "rtp.pcap");
    writeFileSync(file, mergePcaps(traceToPcap(trace), rtpCapture((trace.sip[8]?.at as number) + 1)));
    expect(decode(file)).toEqual(expected);
    const rtpRows = execFileSync(
      "tshark",
      ["-r", file, "-Y", "rtp", "-T", "fields", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "rtp.seq"],
      { encoding: "utf8" },
    )
      .trim()
      .split("\n");
    expect(rtpRows).toEqual(["7000\t6000\t1", "6000\t7000\t100", "7000\t6000\t2", "6000\t7000\t101"]);
  });

  test("TCP messages are written as UDP records and still decode", () => {
    const file = join(dir, "tcp.pcap");
    writeFileSync(file, traceToPcap(bridgedTrace("tcp")));
    expect(decode(file)).toEqual(expected);
  });
});
