import { mergePcaps } from "@ringflow/flow/trace";
import { readPcapUdp } from "@ringflow/media";
import { rtpCaptureKey, rtpCapturePrefix } from "@ringflow/names";
import { CaptureBudget, type CaptureLimits, RtpCapture } from "./capture.js";

const T0 = 1_764_000_000_000;
const ROOMY: CaptureLimits = { maxPackets: 1000, maxBytes: 1_000_000, maxDurationMs: 60_000 };
const packet = (n: number, fill = 0) => new Uint8Array(n).fill(fill);

function capture(limits: Partial<CaptureLimits> = {}, budget = new CaptureBudget(10_000_000)) {
  return new RtpCapture({ ...ROOMY, ...limits }, budget);
}

test("keeps both directions with their time, addresses and bytes (a copy: the socket's buffer may change)", async () => {
  const c = capture();
  const inbound = packet(172, 1);
  c.add(T0, "10.0.0.9", 7000, "10.0.0.1", 20000, inbound);
  inbound.fill(9); // the relay maps payload types in place after the capture saw the packet
  c.add(T0 + 20.5, "10.0.0.1", 20000, "10.0.0.9", 7000, packet(172, 2));
  c.add(T0 + 21, "10.0.0.9", 7001, "10.0.0.1", 20001, packet(52, 3));
  expect([c.packets, c.bytes, c.truncatedBy]).toEqual([3, 396, undefined]);
  const r = c.records();
  expect(r.map((x) => x.at)).toEqual([T0, T0 + 20.5, T0 + 21]);
  expect(r[0]?.payload.every((b) => b === 1)).toBe(true);
  expect(r[1]?.src).toEqual({ ip: Uint8Array.from([10, 0, 0, 1]), port: 20000 });
  expect(r[1]?.dst).toEqual({ ip: Uint8Array.from([10, 0, 0, 9]), port: 7000 });
  const udp = readPcapUdp(await c.toPcap());
  expect(udp.map((d) => [d.srcPort, d.dstPort, d.payload.length, d.atMs])).toEqual([
    [7000, 20000, 172, 0],
    [20000, 7000, 172, 20.5],
    [7001, 20001, 52, 21],
  ]);
});

test("packets out of order by a hair (two sockets' callbacks) come out in time order", () => {
  const c = capture();
  c.add(T0 + 5, "1.1.1.1", 1, "2.2.2.2", 2, packet(10, 1));
  c.add(T0 + 4, "2.2.2.2", 2, "1.1.1.1", 1, packet(10, 2));
  expect(c.records().map((r) => r.payload[0])).toEqual([2, 1]);
});

test("many packets across chunks and growth stay intact", () => {
  const c = capture({ maxPackets: 10_000 });
  for (let i = 0; i < 5000; i++) c.add(T0 + i * 5, "1.1.1.1", 1, "2.2.2.2", 2, packet(172, i & 0xff));
  const r = c.records();
  expect(r).toHaveLength(5000);
  expect(
    r.every(
      (x, i) => x.payload.length === 172 && x.payload[0] === (i & 0xff) && x.payload[171] === (i & 0xff),
    ),
  ).toBe(true);
});

test("the packet cap stops the capture for good at the first packet over it", () => {
  const c = capture({ maxPackets: 3 });
  for (let i = 0; i < 3; i++) expect(c.add(T0 + i, "1.1.1.1", 1, "2.2.2.2", 2, packet(10))).toBe(true);
  expect(c.add(T0 + 3, "1.1.1.1", 1, "2.2.2.2", 2, packet(10))).toBe(false);
  expect([c.packets, c.truncatedBy]).toEqual([3, "packets"]);
});

test("the byte cap counts payload bytes; a packet that would cross it is not kept, nor any after", () => {
  const c = capture({ maxBytes: 400 });
  expect(c.add(T0, "1.1.1.1", 1, "2.2.2.2", 2, packet(172))).toBe(true);
  expect(c.add(T0 + 1, "1.1.1.1", 1, "2.2.2.2", 2, packet(172))).toBe(true);
  expect(c.add(T0 + 2, "1.1.1.1", 1, "2.2.2.2", 2, packet(172))).toBe(false);
  // A smaller packet that would still fit is refused too: the capture is a contiguous prefix.
  expect(c.add(T0 + 3, "1.1.1.1", 1, "2.2.2.2", 2, packet(12))).toBe(false);
  expect([c.packets, c.bytes, c.truncatedBy]).toEqual([2, 344, "bytes"]);
});

test("the duration cap runs from the first packet kept", () => {
  const c = capture({ maxDurationMs: 1000 });
  expect(c.add(T0 + 500, "1.1.1.1", 1, "2.2.2.2", 2, packet(10))).toBe(true);
  expect(c.add(T0 + 1500, "1.1.1.1", 1, "2.2.2.2", 2, packet(10))).toBe(true);
  expect(c.add(T0 + 1500.5, "1.1.1.1", 1, "2.2.2.2", 2, packet(10))).toBe(false);
  expect(c.truncatedBy).toBe("duration");
});

test("the process budget is shared: one capture's bytes stop another; release gives them back", () => {
  const budget = new CaptureBudget(500);
  const a = capture({}, budget);
  const b = capture({}, budget);
  expect(a.add(T0, "1.1.1.1", 1, "2.2.2.2", 2, packet(300))).toBe(true);
  expect(b.add(T0, "1.1.1.1", 1, "2.2.2.2", 2, packet(150))).toBe(true);
  expect(b.add(T0 + 1, "1.1.1.1", 1, "2.2.2.2", 2, packet(100))).toBe(false);
  expect(b.truncatedBy).toBe("edge_budget");
  expect(budget.used).toBe(450);
  a.release();
  a.release();
  expect(budget.used).toBe(150);
  expect(a.add(T0 + 2, "1.1.1.1", 1, "2.2.2.2", 2, packet(10))).toBe(false);
  const c = capture({}, budget);
  expect(c.add(T0 + 2, "1.1.1.1", 1, "2.2.2.2", 2, packet(300))).toBe(true);
  b.release();
  c.release();
  expect(budget.used).toBe(0);
});

test("the stored pcap merges with a trace's (same link type)", async () => {
  const c = capture();
  c.add(T0, "127.0.0.1", 7000, "127.0.0.1", 20000, packet(172));
  const merged = mergePcaps(await c.toPcap(), await c.toPcap());
  expect(readPcapUdp(merged)).toHaveLength(2);
});

test("encoding yields to the event loop between slices, and the result is the whole capture in order", async () => {
  const c = capture({ maxPackets: 10_000 });
  for (let i = 0; i < 1000; i++) c.add(T0 + (i ^ 1), "1.1.1.1", 1, "2.2.2.2", 2, packet(20, i & 0xff));
  let turns = 0;
  const tick = () => {
    turns++;
    if (turns < 1000) setImmediate(tick);
  };
  setImmediate(tick);
  const pcap = await c.toPcap(100);
  expect(turns).toBeGreaterThanOrEqual(9);
  const udp = readPcapUdp(pcap);
  expect(udp).toHaveLength(1000);
  expect(udp.map((d) => d.atMs)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
});

test("a capture released while it is encoded fails the encoding rather than reading freed memory", async () => {
  const c = capture({ maxPackets: 10_000 });
  for (let i = 0; i < 500; i++) c.add(T0 + i, "1.1.1.1", 1, "2.2.2.2", 2, packet(20));
  const p = c.toPcap(100);
  c.release();
  await expect(p).rejects.toThrow(/released/);
});

test("keys sit under the tenant's prefix; odd characters cannot climb out of it", () => {
  expect(rtpCaptureKey("demo", "abc-1@host")).toBe("recordings/rtp/demo/abc-1_host.pcap");
  expect(rtpCaptureKey("demo", "..")).toBe("recordings/rtp/demo/__.pcap");
  expect(rtpCaptureKey("../x", "id")).toBe("recordings/rtp/.._x/id.pcap");
  expect(rtpCaptureKey("..", "id").startsWith(rtpCapturePrefix(".."))).toBe(true);
  expect(rtpCapturePrefix("..")).toBe("recordings/rtp/__/");
});

test("packets from many addresses (anyone may send to an RTP port) keep theirs", () => {
  const c = capture();
  for (let p = 0; p < 20; p++) c.add(T0 + p, "10.0.0.9", 7000 + p, "10.0.0.1", 20000, packet(12));
  c.add(T0 + 20, "10.0.0.9", 7015, "10.0.0.1", 20000, packet(12));
  expect(c.records().map((r) => r.src.port)).toEqual([
    ...Array.from({ length: 20 }, (_, p) => 7000 + p),
    7015,
  ]);
});
