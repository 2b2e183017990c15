import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWithTools } from "@ringflow/testkit";
import { bridgedTrace } from "./fixture.test-util.js";
import { parseEndpoint, traceToPcap } from "./index.js";

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

  test("TCP messages are written as UDP records and still decode", () => {
    const file = join(dir, "tcp.pcap");
    writeFileSync(file, traceToPcap(bridgedTrace("tcp")));
    expect(decode(file)).toEqual(expected);
  });
});
