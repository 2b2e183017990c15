import { UnheardSendCap } from "./send-cap.js";

describe("UnheardSendCap", () => {
  test("a limit in ms is whole 20 ms packets, rounded up; Infinity never caps; a negative limit is refused", () => {
    expect(UnheardSendCap.fromMs(3000).limitPackets).toBe(150);
    expect(UnheardSendCap.fromMs(1010).limitPackets).toBe(51);
    expect(UnheardSendCap.fromMs(0).limitPackets).toBe(0);
    const off = UnheardSendCap.fromMs(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 100_000; i++) expect(off.allowRtp()).toBe(true);
    expect(off.capped).toBe(false);
    expect(() => UnheardSendCap.fromMs(-1)).toThrow(RangeError);
    expect(() => UnheardSendCap.fromMs(Number.NaN)).toThrow(RangeError);
  });

  test("the budget is the call's: spent across moves, free while heard; RTCP goes only while RTP may", () => {
    const cap = new UnheardSendCap(3);
    expect([cap.allowRtp(), cap.allowRtp()]).toEqual([true, true]);
    cap.heardFrom();
    for (let i = 0; i < 10; i++) expect(cap.allowRtp()).toBe(true);
    cap.moved();
    expect(cap.allowRtcp()).toBe(true);
    expect([cap.allowRtp(), cap.allowRtp(), cap.allowRtp()]).toEqual([true, false, false]);
    expect(cap).toMatchObject({ capped: true, withheld: 2 });
    expect(cap.allowRtcp()).toBe(false);
    cap.heardFrom();
    expect([cap.allowRtp(), cap.allowRtcp(), cap.capped]).toEqual([true, true, false]);
  });
});
