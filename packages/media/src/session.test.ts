import { readFileSync } from "node:fs";
import { describeWithTools } from "@ringflow/testkit";
import { AudioClip } from "./clip.js";
import { encodeG711 } from "./g711.js";
import { readPcapUdp } from "./pcap.js";
import { buildRtcpReport, parseRtcp } from "./rtcp.js";
import { parseRtp, type RtpPacket, serializeRtp } from "./rtp.js";
import { PacingScheduler } from "./scheduler.js";
import type { Negotiated } from "./sdp.js";
import { dtmfTone, type MediaEvent, MediaSession, type MediaSessionOptions } from "./session.js";
import { parseTelephoneEvent, writeTelephoneEvent } from "./telephone-event.js";

const NEG: Negotiated = {
  remoteAddress: "198.51.100.7",
  remotePort: 5004,
  remoteRtcpPort: 5005,
  rtcpMux: false,
  codec: "PCMU",
  payloadType: 0,
  telephoneEventPt: 101,
  ptime: 20,
  direction: "sendrecv",
};

function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

/** A session on a fake clock: `advance` runs the scheduler as the edge's one timer would. */
function harness(neg: Partial<Negotiated> = {}, opts: Partial<MediaSessionOptions> = {}) {
  const scheduler = new PacingScheduler(0);
  const sent: {
    pkt: RtpPacket | null;
    data: Uint8Array;
    address: string;
    port: number;
    rtcp: boolean;
    at: number;
  }[] = [];
  const events: MediaEvent[] = [];
  let now = 0;
  const session = new MediaSession({
    negotiated: { ...NEG, ...neg },
    io: {
      send: (data, address, port, rtcp) => {
        sent.push({ pkt: rtcp ? null : parseRtp(data), data, address, port, rtcp, at: now });
        return undefined;
      },
      event: (e) => events.push(e),
    },
    scheduler,
    now: 0,
    random: lcg(1),
    inactivityTimeoutMs: 0,
    ...opts,
  });
  const h = {
    session,
    scheduler,
    sent,
    events,
    get now() {
      return now;
    },
    advance(ms: number) {
      const end = now + ms;
      for (let d = scheduler.nextDeadline(); d <= end; d = scheduler.nextDeadline()) {
        now = d;
        scheduler.tick(now);
      }
      now = end;
    },
    /** Inbound RTP from the peer. */
    rtp(p: Partial<RtpPacket>, from = { address: "198.51.100.7", port: 5004 }) {
      const pkt = {
        marker: false,
        payloadType: 0,
        sequenceNumber: 1,
        timestamp: 0,
        ssrc: 99,
        payload: new Uint8Array(160).fill(0xff),
        ...p,
      };
      session.receiveRtp(serializeRtp(pkt), from.address, from.port, now);
    },
    /** One RFC 4733 press, start to three ends, 20 ms apart, interleaved with clock advances. */
    press(digit: number, ts: number, ms = 100) {
      const frames = ms / 20;
      for (let i = 0; i < frames + 3; i++) {
        const end = i >= frames;
        const payload = writeTelephoneEvent({
          event: digit,
          end,
          volume: 10,
          duration: Math.min(i + 1, frames) * 160,
        });
        h.rtp({
          payloadType: 101,
          timestamp: ts,
          sequenceNumber: 500 + i,
          ssrc: 99,
          marker: i === 0,
          payload,
        });
        if (i < frames) h.advance(20);
      }
    },
    done(type: string) {
      return events.find((e) => e.type === type) as Extract<MediaEvent, { result: unknown }> | undefined;
    },
    audio() {
      return sent.filter((s) => s.pkt?.payloadType === (neg.payloadType ?? 0));
    },
  };
  return h;
}

const prompt = (ms: number) => AudioClip.tone([440], ms, 0.3, "prompt");
const isSilence = (p: Uint8Array) => p.every((b) => b === 0xff);

describe("MediaSession: sending", () => {
  test("20 ms frames with timestamps locked to the slot grid, silence during the 250 ms lead-in, then the prompt", () => {
    const h = harness();
    h.session.play({ prompt: [prompt(400)] }, 0);
    h.advance(1000);
    const a = h.audio();
    expect(a.length).toBe(50);
    expect(a.every((s) => s.address === "198.51.100.7" && s.port === 5004 && !s.rtcp)).toBe(true);
    for (let i = 1; i < a.length; i++) {
      expect(((a[i]?.pkt?.timestamp ?? 0) - (a[i - 1]?.pkt?.timestamp ?? 0)) >>> 0).toBe(160);
      expect(((a[i]?.pkt?.sequenceNumber ?? 0) - (a[i - 1]?.pkt?.sequenceNumber ?? 0)) & 0xffff).toBe(1);
      expect((a[i]?.at ?? 0) - (a[i - 1]?.at ?? 0)).toBe(20);
    }
    const firstSound = a.findIndex((s) => !isSilence(s.pkt?.payload ?? new Uint8Array()));
    expect(a[firstSound]?.at).toBeGreaterThanOrEqual(250);
    expect(a[firstSound]?.at).toBeLessThan(270);
    expect(a[firstSound]?.pkt?.marker).toBe(true); // a new talkspurt (RFC 3551 §4.1)
    expect(a[0]?.pkt?.marker).toBe(true);
    expect(h.events.find((e) => e.type === "promptStarted")).toMatchObject({ action: "play" });
    const done = h.done("promptDone");
    expect(done?.result).toMatchObject({ action: "play", outcome: "complete", endedBy: "promptEnd" });
    expect(done?.result.durationMs).toBeGreaterThanOrEqual(640);
    expect(done?.result.durationMs).toBeLessThanOrEqual(680);
  });

  test("the first inbound RTP ends the lead-in early", () => {
    const h = harness();
    h.session.play({ prompt: [prompt(200)] }, 0);
    h.advance(40);
    h.rtp({});
    h.advance(40);
    const a = h.audio();
    expect(isSilence(a[a.length - 1]?.pkt?.payload ?? new Uint8Array())).toBe(false);
  });

  test("symmetric RTP: we send to where the peer's packets come from (NAT)", () => {
    const h = harness();
    h.advance(40);
    h.rtp({}, { address: "203.0.113.9", port: 6100 });
    h.advance(40);
    expect(h.events).toContainEqual({ type: "remoteLatched", address: "203.0.113.9", port: 6100, at: 40 });
    expect(h.audio().slice(-1)[0]).toMatchObject({ address: "203.0.113.9", port: 6100 });
  });

  test("relatch: once the adapter's latch took a new source (a NAT rebinding), we send there; without it, never", () => {
    const h = harness();
    h.advance(40);
    h.rtp({}, { address: "203.0.113.9", port: 6100 });
    h.rtp({}, { address: "203.0.113.9", port: 6200 });
    h.advance(40);
    expect(h.audio().slice(-1)[0]).toMatchObject({ address: "203.0.113.9", port: 6100 });
    h.session.relatch();
    h.rtp({}, { address: "203.0.113.9", port: 6200 });
    h.advance(40);
    expect(h.audio().slice(-1)[0]).toMatchObject({ address: "203.0.113.9", port: 6200 });
  });

  test("on hold (we answered recvonly) nothing is sent, but the actions' timers still run", () => {
    const h = harness({ direction: "recvonly" });
    h.session.collect({ maxDigits: 1, firstDigitTimeoutMs: 1000 }, 0);
    h.advance(2000);
    expect(h.audio()).toEqual([]);
    expect(h.done("collectDone")?.result).toMatchObject({ outcome: "noInput", endedBy: "firstDigitTimeout" });
  });

  test("a re-INVITE back to sendrecv resumes sending", () => {
    const h = harness({ direction: "inactive" });
    h.advance(100);
    h.session.update({ ...NEG, direction: "sendrecv" }, h.now);
    h.advance(100);
    expect(h.audio().length).toBe(5);
  });

  test("sendDigits as RFC 4733 events on the audio SSRC and clock", () => {
    const h = harness();
    h.advance(20);
    h.session.sendDigits("12", h.now);
    h.advance(1000);
    const ev = h.sent.filter((s) => s.pkt?.payloadType === 101);
    const ends = ev.filter((s) => parseTelephoneEvent(s.pkt?.payload ?? new Uint8Array())?.end);
    expect(ends.length).toBe(6);
    expect(new Set(ev.map((s) => s.pkt?.ssrc))).toEqual(new Set([h.session.ssrc]));
    expect(h.done("sendDigitsDone")?.result).toMatchObject({ outcome: "complete", endedBy: "sent" });
  });

  test("an RTCP report goes to the RTCP port every few seconds", () => {
    const h = harness();
    h.rtp({});
    h.advance(8000);
    const r = h.sent.filter((s) => s.rtcp);
    expect(r.length).toBeGreaterThanOrEqual(1);
    expect(r[0]?.port).toBe(5005);
    expect(parseRtcp(r[0]?.data ?? new Uint8Array())?.[0]).toMatchObject({ type: 200, ssrc: h.session.ssrc });
  });
});

describe("MediaSession: the send buffer (reuseSendBuffer)", () => {
  /** A session whose io keeps a reference to every buffer it is handed and answers `done(i)`. */
  function sender(reuse: boolean | undefined, done: (i: number) => boolean | undefined) {
    const scheduler = new PacingScheduler(0);
    const handed: { buf: Uint8Array; copy: Uint8Array }[] = [];
    const session = new MediaSession({
      negotiated: NEG,
      scheduler,
      now: 0,
      random: lcg(7),
      inactivityTimeoutMs: 0,
      leadInMs: 0,
      ...(reuse === undefined ? {} : { reuseSendBuffer: reuse }),
      io: {
        send: (data, _a, _p, rtcp) => {
          if (rtcp) return undefined;
          handed.push({ buf: data, copy: data.slice() });
          return done(handed.length - 1);
        },
        event: () => {},
      },
    });
    session.play({ prompt: [prompt(400)], loop: true }, 0);
    for (let t = 0; t <= 200; t++) scheduler.tick(t);
    return handed;
  }

  test("reused while the adapter says each datagram left: one buffer for every packet, each sent as written", () => {
    const handed = sender(true, () => true);
    expect(handed.length).toBe(10);
    expect(new Set(handed.map((h) => h.buf)).size).toBe(1);
    const seqs = handed.map((h) => parseRtp(h.copy)?.sequenceNumber ?? -1);
    for (let i = 1; i < seqs.length; i++) expect((seqs[i] as number) - (seqs[i - 1] as number)).toBe(1);
  });

  test("a buffer the adapter still holds (queued datagram) is never written again", () => {
    // The 3rd and 6th datagrams are queued behind a full socket buffer.
    const handed = sender(true, (i) => i !== 2 && i !== 5);
    expect(handed.length).toBe(10);
    for (const i of [2, 5]) {
      expect(handed[i + 1]?.buf).not.toBe(handed[i]?.buf);
      // What the adapter holds is still the packet it was handed.
      expect(Array.from(handed[i]?.buf ?? [])).toEqual(Array.from(handed[i]?.copy ?? []));
    }
    expect(new Set(handed.map((h) => h.buf)).size).toBe(3);
    // An adapter answering nothing is assumed to keep every buffer.
    const silent = sender(true, () => undefined);
    expect(new Set(silent.map((h) => h.buf)).size).toBe(silent.length);
  });

  test("off by default: every packet is a fresh copy the adapter may keep", () => {
    for (const reuse of [undefined, false]) {
      const handed = sender(reuse, () => true);
      expect(new Set(handed.map((h) => h.buf)).size).toBe(handed.length);
      for (const h of handed) expect(Array.from(h.buf)).toEqual(Array.from(h.copy));
    }
  });
});

describe("MediaSession: collect", () => {
  test("an RFC 4733 digit during the prompt stops it (barge-in) and is the first digit", () => {
    const h = harness();
    h.session.collect({ prompt: [prompt(3000)], maxDigits: 2, interDigitTimeoutMs: 2000 }, 0);
    h.advance(600);
    h.press(3, 4800);
    h.advance(40);
    // The prompt stopped at the press's first packet: what goes out now is silence.
    const last = h.audio().slice(-3);
    expect(last.every((s) => isSilence(s.pkt?.payload ?? new Uint8Array()))).toBe(true);
    expect(h.events).toContainEqual(
      expect.objectContaining({ type: "digit", digit: "3", source: "rfc4733" }),
    );
    h.press(7, 9600);
    expect(h.done("collectDone")?.result).toMatchObject({
      outcome: "complete",
      digits: "37",
      endedBy: "maxDigits",
    });
  });

  test("SIP INFO digits feed the same pipeline", () => {
    const h = harness();
    h.session.collect({ maxDigits: 4, terminator: "#" }, 0);
    h.advance(100);
    h.session.receiveDigit("4", "info", h.now, 100);
    h.session.receiveDigit("#", "info", h.now);
    expect(h.done("collectDone")?.result).toMatchObject({
      digits: "4",
      terminator: "#",
      endedBy: "terminator",
    });
  });

  test("in-band tones are detected when the peer negotiated no telephone-event", () => {
    const h = harness({ telephoneEventPt: null });
    h.session.collect({ maxDigits: 1 }, 0);
    const audio = encodeG711("PCMU", new Int16Array([...dtmfTone("8", 120).pcm, ...new Int16Array(800)]));
    for (let i = 0; i + 160 <= audio.length; i += 160) {
      h.rtp({ sequenceNumber: i / 160, timestamp: i, payload: audio.subarray(i, i + 160) });
      h.advance(20);
    }
    expect(h.done("collectDone")?.result).toMatchObject({ digits: "8", outcome: "complete" });
  });

  test("telephone-events are ignored when they were not negotiated (unknown payload type)", () => {
    const h = harness({ telephoneEventPt: null });
    h.session.collect({ maxDigits: 1, firstDigitTimeoutMs: 1000 }, 0);
    h.press(1, 100);
    h.advance(1000);
    expect(h.done("collectDone")?.result).toMatchObject({ outcome: "noInput" });
    expect(h.session.stats.packetsIgnored).toBeGreaterThan(0);
  });
});

describe("MediaSession: record", () => {
  test("beep, then recording; a caller who hangs up keeps the message", () => {
    const h = harness();
    h.session.record({ maxLengthMs: 60_000, silenceMs: 5000 }, 0);
    h.advance(600); // lead-in and the 300 ms beep
    const beep = h.audio().filter((s) => !isSilence(s.pkt?.payload ?? new Uint8Array()));
    expect(beep.length).toBe(15);
    const voice = encodeG711("PCMU", AudioClip.tone([300, 700], 3000, 0.3).pcm);
    for (let i = 0; i < voice.length; i += 160) {
      h.rtp({ sequenceNumber: i / 160, timestamp: 8000 + i, payload: voice.subarray(i, i + 160) });
      h.advance(20);
    }
    h.session.end(h.now);
    const r = h.done("recordDone")?.result;
    expect(r).toMatchObject({ outcome: "complete", endedBy: "hangup" });
    expect(r?.recording?.durationMs).toBe(3000);
    expect(h.scheduler.size).toBe(0);
  });

  test("hanging up during the greeting keeps nothing and says hangup", () => {
    const h = harness();
    h.session.record({ greeting: [prompt(2000)], maxLengthMs: 60_000 }, 0);
    h.advance(500);
    h.session.end(h.now);
    expect(h.done("recordDone")?.result).toMatchObject({ outcome: "hangup", endedBy: "hangup" });
  });
});

describe("MediaSession: the call's media", () => {
  test("no inbound RTP for the inactivity timeout is reported once", () => {
    const h = harness({}, { inactivityTimeoutMs: 2000 });
    h.advance(1000);
    h.rtp({});
    h.advance(1990);
    expect(h.events.filter((e) => e.type === "inactivity")).toEqual([]);
    h.advance(5000);
    const fired = h.events.filter((e) => e.type === "inactivity");
    expect(fired).toEqual([
      { type: "inactivity", silentForMs: expect.any(Number), at: expect.any(Number), held: false },
    ]);
    // Checked on the 20 ms slot grid: within one slot of the deadline.
    expect((fired[0] as { at: number }).at - 3000).toBeLessThan(20);
  });

  test.each(["inactive", "recvonly", "sendonly"] as const)(
    "held (we answered %s): silence past the inactivity timeout is not a dead call; the hold timeout is",
    (direction) => {
      const h = harness({ direction }, { inactivityTimeoutMs: 2000, holdTimeoutMs: 60_000 });
      h.advance(59_000);
      expect(h.events.filter((e) => e.type === "inactivity")).toEqual([]);
      h.advance(1_100);
      expect(h.events.filter((e) => e.type === "inactivity")).toEqual([
        { type: "inactivity", silentForMs: expect.any(Number), at: expect.any(Number), held: true },
      ]);
    },
  );

  test("a held peer that sends only RTCP is alive: the hold timer restarts at each report", () => {
    const h = harness({ direction: "recvonly" }, { inactivityTimeoutMs: 2000, holdTimeoutMs: 10_000 });
    for (let i = 0; i < 6; i++) {
      h.advance(5_000);
      h.session.receiveRtcp(buildRtcpReport(0x1234, "held@peer", null, null), "10.0.0.2", 4001, h.now);
    }
    expect(h.events.filter((e) => e.type === "inactivity")).toEqual([]);
    h.advance(10_100);
    expect(h.events.filter((e) => e.type === "inactivity")).toHaveLength(1);
  });

  test("held then taken back: the short timer runs again from the unhold", () => {
    const h = harness({ direction: "inactive" }, { inactivityTimeoutMs: 2000, holdTimeoutMs: 0 });
    h.advance(100_000);
    expect(h.events.filter((e) => e.type === "inactivity")).toEqual([]);
    h.session.update({ ...NEG, direction: "sendrecv" }, h.now);
    h.advance(1900);
    expect(h.events.filter((e) => e.type === "inactivity")).toEqual([]);
    h.advance(200);
    expect(h.events.filter((e) => e.type === "inactivity")).toHaveLength(1);
  });

  test("put on hold: the hold timer starts from the re-INVITE, not from the last packet", () => {
    const h = harness({}, { inactivityTimeoutMs: 2000, holdTimeoutMs: 5000 });
    h.advance(1500);
    h.session.update({ ...NEG, direction: "recvonly" }, h.now);
    h.advance(4900);
    expect(h.events.filter((e) => e.type === "inactivity")).toEqual([]);
    h.advance(200);
    expect(h.events.filter((e) => e.type === "inactivity")).toHaveLength(1);
  });

  test("a new action stops the running one (its result says stopped)", () => {
    const h = harness();
    h.session.play({ prompt: [prompt(2000)] }, 0);
    h.advance(500);
    h.session.pause(300, h.now);
    h.advance(400);
    expect(h.done("promptDone")?.result).toMatchObject({
      outcome: "interrupted",
      endedBy: "stopped",
      durationMs: 500,
    });
    expect(h.done("pauseDone")?.result).toMatchObject({ outcome: "complete", endedBy: "elapsed" });
    expect((h.done("pauseDone")?.result.durationMs ?? 0) - 300).toBeLessThan(20);
  });
});

describe("MediaSession: the unheard-send cap (reflection guard, symmetric RTP)", () => {
  /** The timestamp of every packet sits on the slot grid of the first one (RFC 3550 §5.1). */
  function onGrid(a: { pkt: RtpPacket | null; at: number }[]): boolean {
    const first = a[0];
    if (!first?.pkt) return false;
    return a.every(
      (s) => ((s.pkt?.timestamp ?? 0) - (first.pkt?.timestamp ?? 0)) >>> 0 === ((s.at - first.at) / 20) * 160,
    );
  }

  test("never heard from: after 3 s of packets (the default) nothing more goes to the SDP address, and what was withheld is counted", () => {
    const h = harness();
    h.session.play({ prompt: [prompt(1000)], loop: true }, 0);
    h.advance(10_000);
    const a = h.audio();
    // Slots at 0, 20, ... 9980 ms: 500 due, the first 150 (3 s) sent, then nothing.
    expect(a.length).toBe(150);
    expect(a.every((s) => s.address === "198.51.100.7" && s.port === 5004)).toBe(true);
    const t0 = a[0]?.at ?? 0;
    expect(a[a.length - 1]?.at).toBe(t0 + 2980);
    expect(h.sent.filter((s) => s.at >= t0 + 3000)).toEqual([]); // no RTCP either
    expect(h.session.stats).toMatchObject({ packetsSent: 150, packetsWithheld: 350 });
    expect(h.session.sendCapped).toBe(true);
    expect(h.events.filter((e) => e.type === "sendCapped")).toEqual([
      { type: "sendCapped", address: "198.51.100.7", port: 5004, sent: 150, at: t0 + 3000 },
    ]);
    // The prompt kept playing meanwhile (it is looped, so still running).
    expect(h.session.activeAction).toBe("play");
  });

  test("the caller's first packet, late and from another address, resumes sending there, timestamps still on the clock's grid", () => {
    const h = harness();
    h.session.play({ prompt: [prompt(1000)], loop: true }, 0);
    h.advance(5_000);
    h.rtp({}, { address: "203.0.113.9", port: 6100 });
    h.advance(1_000);
    const a = h.audio();
    const before = a.filter((s) => s.at < 5000);
    const after = a.filter((s) => s.at >= 5000);
    expect(before.length).toBe(150);
    expect(after.length).toBe(50);
    expect(after.every((s) => s.address === "203.0.113.9" && s.port === 6100)).toBe(true);
    expect(h.events).toContainEqual({ type: "remoteLatched", address: "203.0.113.9", port: 6100, at: 5000 });
    // The timestamps jumped by the 2 s withheld (the wall clock), the sequence did not (no loss
    // to conceal), and the first packet after the gap is marked (RFC 3551 §4.1).
    expect(onGrid(a)).toBe(true);
    expect(((after[0]?.pkt?.timestamp ?? 0) - (before[149]?.pkt?.timestamp ?? 0)) >>> 0).toBe(101 * 160);
    expect(((after[0]?.pkt?.sequenceNumber ?? 0) - (before[149]?.pkt?.sequenceNumber ?? 0)) & 0xffff).toBe(1);
    expect(after[0]?.pkt?.marker).toBe(true);
    expect(after[1]?.pkt?.marker).toBe(false);
    expect(h.session.stats.packetsWithheld).toBe(100);
    expect(h.session.sendCapped).toBe(false);
    // The peer may go quiet again (VAD): it was heard, so nothing is capped any more.
    h.advance(10_000);
    expect(h.audio().length).toBe(200 + 500);
  });

  test("a session that heard the caller's RTP first is never capped", () => {
    const h = harness();
    h.rtp({});
    h.session.play({ prompt: [prompt(1000)], loop: true }, 0);
    h.advance(20_000);
    expect(h.audio().length).toBe(1000);
    expect(onGrid(h.audio())).toBe(true);
    expect(h.session.stats.packetsWithheld).toBe(0);
    expect(h.events.filter((e) => e.type === "sendCapped")).toEqual([]);
    expect(h.sent.filter((s) => s.rtcp).length).toBeGreaterThanOrEqual(2);
  });

  test("SIP INFO digits still reach collect while capped; the prompt and the digit timers run on", () => {
    const h = harness();
    h.session.collect({ prompt: [prompt(4000)], maxDigits: 2, firstDigitTimeoutMs: 5000 }, 0);
    h.advance(4_500);
    expect(h.session.sendCapped).toBe(true);
    expect(h.events.find((e) => e.type === "promptStarted")).toBeDefined();
    h.session.receiveDigit("4", "info", h.now);
    h.advance(200);
    h.session.receiveDigit("2", "info", h.now);
    expect(h.done("collectDone")?.result).toMatchObject({ digits: "42", endedBy: "maxDigits" });
    expect(h.audio().length).toBe(150);

    // And the timers: a caller that says nothing at all gets noInput on time.
    const quiet = harness();
    quiet.session.collect({ prompt: [prompt(1000)], maxDigits: 1, firstDigitTimeoutMs: 3000 }, 0);
    quiet.advance(10_000);
    expect(quiet.done("collectDone")?.result).toMatchObject({
      outcome: "noInput",
      endedBy: "firstDigitTimeout",
    });
    expect(quiet.done("collectDone")?.result.durationMs).toBeLessThan(4400);
  });

  test("RTCP proves the address only when it comes from where we send: from elsewhere it does not lift the cap", () => {
    const report = buildRtcpReport(0x1234, "peer", null, null);
    const h = harness();
    h.advance(4_000);
    h.session.receiveRtcp(report, "192.0.2.66", 5005, h.now);
    h.advance(1_000);
    expect(h.audio().length).toBe(150);
    h.session.receiveRtcp(report, "198.51.100.7", 5005, h.now);
    h.advance(1_000);
    expect(h.audio().length).toBe(200);
    expect(h.audio().slice(-1)[0]).toMatchObject({ address: "198.51.100.7", port: 5004 });
  });

  test("a re-INVITE moving the media to a new address makes it unheard again; the budget is the call's, not the address's", () => {
    const h = harness();
    h.advance(1_000); // 50 unheard packets
    h.rtp({});
    h.advance(1_000);
    h.session.update({ ...NEG, remoteAddress: "192.0.2.99" }, h.now);
    h.advance(10_000);
    const moved = h.audio().filter((s) => s.address === "192.0.2.99");
    expect(moved.length).toBe(100); // 150 - the 50 spent before the first packet
    expect(h.session.sendCapped).toBe(true);
    // A re-INVITE that keeps the address (hold, unhold) changes nothing.
    const same = harness();
    same.rtp({});
    same.session.update({ ...NEG, direction: "sendrecv" }, 0);
    same.advance(10_000);
    expect(same.session.stats.packetsWithheld).toBe(0);
  });

  test("limits: 0 sends nothing before the peer is heard, Infinity is no cap; not symmetric, only the SDP address's own packets lift it", () => {
    const none = harness({}, { unheardSendLimitMs: 0 });
    none.advance(1_000);
    expect(none.sent).toEqual([]);
    none.rtp({}, { address: "203.0.113.9", port: 6100 });
    none.advance(100);
    expect(none.audio().map((s) => s.address)).toEqual(Array(5).fill("203.0.113.9"));

    const off = harness({}, { unheardSendLimitMs: Number.POSITIVE_INFINITY });
    off.advance(60_000);
    expect(off.audio().length).toBe(3000);
    expect(off.session.stats.packetsWithheld).toBe(0);

    const fixed = harness({}, { symmetricRtp: false, unheardSendLimitMs: 1000 });
    fixed.advance(2_000);
    fixed.rtp({}, { address: "203.0.113.9", port: 6100 });
    fixed.advance(1_000);
    expect(fixed.audio().length).toBe(50);
    fixed.rtp({}, { address: "198.51.100.7", port: 5004 });
    fixed.advance(1_000);
    expect(fixed.audio().length).toBe(100);
    expect(fixed.audio().every((s) => s.address === "198.51.100.7")).toBe(true);
  });
});

const SIPP = "/usr/share/sip-tester";

describeWithTools(["sipp"], "MediaSession fed SIPp's shipped captures", () => {
  test("g711a.pcap (PCMA, 30 ms frames) with dtmf_2833_9.pcap (payload type 101, another SSRC) collects 9 and records the audio", () => {
    const h = harness({ codec: "PCMA", payloadType: 8 });
    const audio = readPcapUdp(readFileSync(`${SIPP}/g711a.pcap`));
    const dtmf = readPcapUdp(readFileSync(`${SIPP}/dtmf_2833_9.pcap`)).map((d) => ({
      ...d,
      atMs: d.atMs + 1000,
    }));
    const all = [...audio, ...dtmf].sort((a, b) => a.atMs - b.atMs);
    h.session.collect({ maxDigits: 1 }, 0);
    for (const d of all) {
      h.advance(Math.max(0, d.atMs - h.now));
      h.session.receiveRtp(d.payload, "198.51.100.7", 5004, h.now);
    }
    expect(h.done("collectDone")?.result).toMatchObject({
      digits: "9",
      outcome: "complete",
      endedBy: "maxDigits",
    });
    expect(h.events.filter((e) => e.type === "digit")).toHaveLength(1);
    // The same capture, recorded: its 30 ms frames keep their real length.
    const r = harness({ codec: "PCMA", payloadType: 8 });
    r.session.record({ maxLengthMs: 60_000, silenceMs: 0, beep: false, minLengthMs: 0 }, 0);
    for (const d of audio) {
      r.advance(Math.max(0, d.atMs - r.now));
      r.session.receiveRtp(d.payload, "198.51.100.7", 5004, r.now);
    }
    r.session.end(r.now);
    const rec = r.done("recordDone")?.result.recording;
    expect(rec?.durationMs).toBeGreaterThan(audio.length * 30 - 500);
  });
});
