import fc from "fast-check";
import { buildRtcpReport, parseRtcp, ReceptionStats, RTCP_RR, RTCP_SR } from "./rtcp.js";
import { looksLikeRtcp, parseRtp, seqDiff, serializeRtp } from "./rtp.js";

describe("RTP packets (RFC 3550 §5.1)", () => {
  test("serialize then parse gives the packet back (property, fixed seed)", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 127 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.uint8Array({ maxLength: 480 }),
        (marker, payloadType, sequenceNumber, timestamp, ssrc, payload) => {
          const p = { marker, payloadType, sequenceNumber, timestamp, ssrc, payload };
          const back = parseRtp(serializeRtp(p));
          expect(back).toEqual(p);
        },
      ),
      { seed: 4733, numRuns: 200 },
    );
  });

  test("skips CSRCs and a header extension, and strips padding", () => {
    const payload = [1, 2, 3];
    const d = Uint8Array.from([
      0x80 | 0x20 | 0x10 | 1,
      0x00,
      0,
      1,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      3,
      9,
      9,
      9,
      9, // one CSRC
      0xbe,
      0xde,
      0,
      1,
      7,
      7,
      7,
      7, // extension of one word
      ...payload,
      0,
      0,
      3, // three octets of padding
    ]);
    expect(Array.from(parseRtp(d)?.payload ?? [])).toEqual(payload);
  });

  test("rejects what is not RTP", () => {
    expect(parseRtp(new Uint8Array(11))).toBeNull();
    expect(parseRtp(Uint8Array.from([0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull(); // version 1
    expect(parseRtp(Uint8Array.from([0x8f, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull(); // 15 CSRCs missing
    expect(parseRtp(Uint8Array.from([0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull(); // padding count 0
  });

  test("sequence numbers compare across the wrap", () => {
    expect(seqDiff(2, 0xfffe)).toBe(4);
    expect(seqDiff(0xfffe, 2)).toBe(-4);
  });
});

describe("RTCP (RFC 3550 §6)", () => {
  test("an SR with a report block and SDES round-trips, and is recognised under rtcp-mux", () => {
    const block = {
      ssrc: 7,
      fractionLost: 12,
      cumulativeLost: -3,
      highestSeq: 70000,
      jitter: 40,
      lastSr: 99,
      delaySinceLastSr: 65536,
    };
    const pkt = buildRtcpReport(
      0x11223344,
      "ringflow@test",
      { wallMs: Date.UTC(2026, 0, 1), rtpTimestamp: 1234, packetCount: 50, octetCount: 8000 },
      block,
    );
    expect(pkt.length % 4).toBe(0);
    expect(looksLikeRtcp(pkt)).toBe(true);
    const [sr] = parseRtcp(pkt) ?? [];
    expect(sr).toMatchObject({
      type: RTCP_SR,
      ssrc: 0x11223344,
      rtpTimestamp: 1234,
      packetCount: 50,
      octetCount: 8000,
    });
    expect(sr?.blocks[0]).toEqual(block);
  });

  test("an RR without blocks, and truncated packets are refused", () => {
    const rr = buildRtcpReport(5, "x", null, null);
    expect(parseRtcp(rr)).toEqual([{ type: RTCP_RR, ssrc: 5, blocks: [] }]);
    expect(parseRtcp(rr.subarray(0, rr.length - 4))).toBeNull();
  });

  test("reception statistics count loss across a sequence wrap and measure jitter", () => {
    const s = new ReceptionStats();
    let seq = 0xfff0;
    for (let i = 0; i < 40; i++) {
      if (i !== 10 && i !== 11) s.update(9, seq, i * 160, i * 20 + (i % 2) * 4); // two lost, 4 ms jitter
      seq = (seq + 1) & 0xffff;
    }
    const b = s.block(800);
    expect(b).toMatchObject({ ssrc: 9, cumulativeLost: 2, highestSeq: 0x10000 + 0x17 });
    expect(b?.fractionLost).toBe(Math.floor((2 * 256) / 40));
    // Transit alternates by 32 units (4 ms at 8 kHz); the estimator converges towards it.
    expect(b?.jitter).toBeGreaterThan(16);
    expect(b?.jitter).toBeLessThanOrEqual(32);
    expect(s.block(820)?.fractionLost).toBe(0);
  });
});
