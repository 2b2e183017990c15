import { RINGBACK_US } from "./clip.js";
import { ALAW_TO_MULAW, decodeG711, encodeG711, MULAW_TO_ALAW, transcodeG711 } from "./g711.js";
import { parseRtp, type RtpPacket, serializeRtp } from "./rtp.js";
import { PacingScheduler } from "./scheduler.js";
import type { Negotiated } from "./sdp.js";
import { type MediaEvent, MediaSession } from "./session.js";
import { writeTelephoneEvent } from "./telephone-event.js";

const leg = (over: Partial<Negotiated>): Negotiated => ({
  remoteAddress: "198.51.100.7",
  remotePort: 5004,
  remoteRtcpPort: 5005,
  rtcpMux: false,
  codec: "PCMU",
  payloadType: 0,
  telephoneEventPt: 101,
  ptime: 20,
  direction: "sendrecv",
  ...over,
});

function pair() {
  const scheduler = new PacingScheduler(0);
  const sent: { leg: "a" | "b"; pkt: RtpPacket; address: string; port: number }[] = [];
  const events: MediaEvent[] = [];
  const make = (name: "a" | "b", neg: Negotiated) =>
    new MediaSession({
      negotiated: neg,
      scheduler,
      now: 0,
      inactivityTimeoutMs: 0,
      io: {
        send: (d, address, port, rtcp) => {
          const pkt = rtcp ? null : parseRtp(d);
          if (pkt) sent.push({ leg: name, pkt, address, port });
        },
        event: (e) => events.push(e),
      },
    });
  const a = make("a", leg({}));
  const b = make(
    "b",
    leg({
      remoteAddress: "203.0.113.5",
      remotePort: 7000,
      codec: "PCMA",
      payloadType: 8,
      telephoneEventPt: 96,
    }),
  );
  let now = 0;
  const advance = (ms: number) => {
    const end = now + ms;
    for (let d = scheduler.nextDeadline(); d <= end; d = scheduler.nextDeadline()) {
      now = d;
      scheduler.tick(now);
    }
    now = end;
  };
  return { a, b, sent, events, advance, now: () => now };
}

describe("G.711 transcoding tables", () => {
  test("mu-law to A-law is decode then encode, for every code", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect([...MULAW_TO_ALAW]).toEqual([...encodeG711("PCMA", decodeG711("PCMU", all))]);
    expect([...ALAW_TO_MULAW]).toEqual([...encodeG711("PCMU", decodeG711("PCMA", all))]);
    expect(transcodeG711("PCMU", "PCMU", all)).toBe(all);
  });
});

describe("anchored media (bridgeTo)", () => {
  test("the caller's audio goes out on the callee's leg, transcoded, with the callee's payload type; DTMF too", () => {
    const { a, b, sent, events, advance, now } = pair();
    a.bridgeTo(b, 0);
    b.bridgeTo(a, 0);
    advance(100);
    expect(sent).toEqual([]); // bridged legs send nothing of their own
    const voice = encodeG711(
      "PCMU",
      Int16Array.from({ length: 160 }, (_, i) => Math.round(5000 * Math.sin(i / 4))),
    );
    a.receiveRtp(
      serializeRtp({
        marker: true,
        payloadType: 0,
        sequenceNumber: 7,
        timestamp: 1600,
        ssrc: 0xabc,
        payload: voice,
      }),
      "198.51.100.7",
      5004,
      now(),
    );
    a.receiveRtp(
      serializeRtp({
        marker: true,
        payloadType: 101,
        sequenceNumber: 8,
        timestamp: 1760,
        ssrc: 0xabc,
        payload: writeTelephoneEvent({ event: 1, end: true, volume: 10, duration: 800 }),
      }),
      "198.51.100.7",
      5004,
      now(),
    );
    expect(
      sent.map((s) => [s.leg, s.address, s.port, s.pkt.payloadType, s.pkt.ssrc, s.pkt.sequenceNumber]),
    ).toEqual([
      ["b", "203.0.113.5", 7000, 8, 0xabc, 7],
      ["b", "203.0.113.5", 7000, 96, 0xabc, 8],
    ]);
    expect([...(sent[0]?.pkt.payload ?? [])]).toEqual([...transcodeG711("PCMU", "PCMA", voice)]);
    // The caller's digit is still reported on its leg (for the trace).
    expect(events).toContainEqual(expect.objectContaining({ type: "digit", digit: "1" }));
    expect(b.stats.packetsRelayed).toBe(2);
  });

  test("the reflection guard holds for relayed packets: a leg never heard from gets its 3 s budget of the other's, then nothing until it sends", () => {
    const { a, b, sent, now } = pair();
    a.bridgeTo(b, 0);
    b.bridgeTo(a, 0);
    const from = (leg: MediaSession, seq: number, address: string, port: number) =>
      leg.receiveRtp(
        serializeRtp({
          marker: false,
          payloadType: leg === a ? 0 : 8,
          sequenceNumber: seq,
          timestamp: seq * 160,
          ssrc: 7,
          payload: new Uint8Array(160),
        }),
        address,
        port,
        now(),
      );
    for (let i = 0; i < 200; i++) from(a, i, "198.51.100.7", 5004);
    expect(sent.filter((s) => s.leg === "b")).toHaveLength(150);
    expect(b.stats).toMatchObject({ packetsRelayed: 150, packetsWithheld: 50 });
    from(b, 1, "203.0.113.5", 7000);
    from(a, 200, "198.51.100.7", 5004);
    expect(sent.filter((s) => s.leg === "b")).toHaveLength(151);
    expect(sent.at(-1)?.pkt.sequenceNumber).toBe(200); // relayed as it came (a transparent relay)
  });

  test("a telephone-event is dropped towards a leg that took none", () => {
    const { a, sent } = pair();
    const c = new MediaSession({
      negotiated: leg({ telephoneEventPt: null }),
      scheduler: new PacingScheduler(0),
      now: 0,
      io: {
        send: (d) => {
          sent.push({ leg: "b", pkt: parseRtp(d) as RtpPacket, address: "", port: 0 });
          return undefined;
        },
        event: () => {},
      },
    });
    a.bridgeTo(c, 0);
    a.receiveRtp(
      serializeRtp({
        marker: true,
        payloadType: 101,
        sequenceNumber: 1,
        timestamp: 1,
        ssrc: 1,
        payload: writeTelephoneEvent({ event: 1, end: true, volume: 10, duration: 800 }),
      }),
      "198.51.100.7",
      5004,
      0,
    );
    expect(sent).toEqual([]);
  });

  test("ringback while the callee rings, then the bridge stops it; unbridged, the leg paces its own stream again", () => {
    const { a, b, sent, events, advance } = pair();
    a.play({ prompt: RINGBACK_US, loop: true }, 0);
    advance(400);
    expect(sent.filter((s) => s.leg === "a").length).toBeGreaterThan(0);
    a.bridgeTo(b, 400);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "promptDone",
        result: expect.objectContaining({ endedBy: "stopped" }),
      }),
    );
    const before = sent.length;
    advance(200);
    expect(sent.filter((s) => s.leg === "a").length).toBe(
      sent.slice(0, before).filter((s) => s.leg === "a").length,
    );
    a.bridgeTo(null, 600);
    advance(100);
    expect(sent.filter((s) => s.leg === "a").length).toBeGreaterThan(
      sent.slice(0, before).filter((s) => s.leg === "a").length,
    );
  });
});
