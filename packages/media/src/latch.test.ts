import { SourceLatch } from "./latch.js";

const CALLER = "203.0.113.10";
const SIGNALLING = "198.51.100.7";
const ATTACKER = "192.0.2.66";

describe("SourceLatch (restricted symmetric RTP)", () => {
  test("a packet from the SDP or signalling address latches at once; the latched source is accepted", () => {
    const l = new SourceLatch([CALLER, SIGNALLING], 0);
    expect(l.offer(SIGNALLING, 40000, 1)).toBe("latched");
    expect(l.latched).toEqual({ address: SIGNALLING, port: 40000 });
    expect(l.offer(SIGNALLING, 40000, 21)).toBe("accept");
  });

  test("an attacker spraying the port before the caller's first packet is dropped, and the caller still latches", () => {
    const l = new SourceLatch([CALLER], 0);
    for (let t = 0; t < 1000; t += 20) expect(l.offer(ATTACKER, 5000, t)).toBe("drop");
    expect(l.latched).toBeUndefined();
    expect(l.offer(CALLER, 40000, 1000)).toBe("latched");
    expect(l.dropped).toBe(50);
  });

  test("once latched, another source is dropped however long it insists while the caller keeps sending", () => {
    const l = new SourceLatch([CALLER], 0);
    l.offer(CALLER, 40000, 0);
    for (let t = 10; t < 10_000; t += 20) {
      expect(l.offer(CALLER, 40000, t)).toBe("accept");
      expect(l.offer(ATTACKER, 40000, t + 1)).toBe("drop");
    }
    expect(l.latched).toEqual({ address: CALLER, port: 40000 });
  });

  test("a stranger is learned only after the grace period with nothing from an expected address (NAT behind a proxy)", () => {
    const l = new SourceLatch([CALLER], 0);
    expect(l.offer("100.64.0.9", 7078, 1999)).toBe("drop");
    expect(l.offer("100.64.0.9", 7078, 2000)).toBe("latched");
  });

  test("a NAT rebinding (same IP, new port) takes over only after the latched port went silent", () => {
    const l = new SourceLatch([SIGNALLING], 0);
    l.offer(CALLER, 40000, 2500); // after the grace: learned as a stranger
    expect(l.offer(CALLER, 40002, 2600)).toBe("drop");
    expect(l.offer(CALLER, 40002, 3000)).toBe("latched");
    expect(l.latched).toEqual({ address: CALLER, port: 40002 });
    // a stranger on another IP never takes over an established source, even after silence
    expect(l.offer(ATTACKER, 1, 10_000)).toBe("drop");
  });

  test("RTCP is heard from the latched IP, or from an expected one before latching", () => {
    const l = new SourceLatch([CALLER], 0);
    expect(l.hears(CALLER)).toBe(true);
    expect(l.hears(ATTACKER)).toBe(false);
    l.offer(CALLER, 40000, 0);
    expect(l.hears(CALLER)).toBe(true);
    expect(l.hears(ATTACKER)).toBe(false);
  });

  test("a re-INVITE that moves the media learns again from the new addresses", () => {
    const l = new SourceLatch([CALLER], 0);
    l.offer(CALLER, 40000, 0);
    l.relearn([SIGNALLING], 100);
    expect(l.latched).toBeUndefined();
    expect(l.offer(CALLER, 40000, 120)).toBe("drop");
    expect(l.offer(SIGNALLING, 30000, 140)).toBe("latched");
  });

  test("pin latches a known source (the caller's, when a bridge takes over its port)", () => {
    const l = new SourceLatch([], 0);
    l.pin({ address: CALLER, port: 40000 }, 5);
    expect(l.offer(CALLER, 40000, 10)).toBe("accept");
    expect(l.offer(ATTACKER, 40000, 11)).toBe("drop");
  });
});
