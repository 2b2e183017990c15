import { readFileSync } from "node:fs";
import { describeWithTools } from "@ringflow/testkit";
import { readPcapUdp } from "./pcap.js";
import { parseRtp } from "./rtp.js";
import {
  DigitSender,
  type DigitSignal,
  parseTelephoneEvent,
  TelephoneEventReceiver,
  writeTelephoneEvent,
} from "./telephone-event.js";

const ev = (event: number, duration: number, end = false) =>
  writeTelephoneEvent({ event, end, volume: 10, duration });
const ends = (s: DigitSignal[]) => s.filter((x) => x.kind === "end").map((x) => x.digit);

describe("RFC 4733 receiver, keyed on (SSRC, timestamp, event)", () => {
  test("retransmitted end packets are one press", () => {
    const r = new TelephoneEventReceiver();
    const out: DigitSignal[] = [];
    out.push(...r.receive(1, 1000, ev(5, 0), 0));
    out.push(...r.receive(1, 1000, ev(5, 400), 50));
    for (let i = 0; i < 3; i++) out.push(...r.receive(1, 1000, ev(5, 800, true), 100 + i));
    // A late copy of the end, after the press was reported.
    out.push(...r.receive(1, 1000, ev(5, 800, true), 400));
    expect(out.map((s) => `${s.kind}:${s.digit}`)).toEqual(["begin:5", "end:5"]);
    expect(out[1]).toMatchObject({ durationMs: 100, timedOut: false, source: "rfc4733" });
  });

  test("the same digit under a new timestamp is a new press", () => {
    const r = new TelephoneEventReceiver();
    const out = [...r.receive(1, 1000, ev(1, 800, true), 0), ...r.receive(1, 3000, ev(1, 800, true), 300)];
    expect(ends(out)).toEqual(["1", "1"]);
  });

  test("a press whose end packets are all lost ends on the timeout", () => {
    const r = new TelephoneEventReceiver({ endTimeoutMs: 300 });
    r.receive(1, 1000, ev(9, 0), 0);
    r.receive(1, 1000, ev(9, 160), 20);
    expect(r.nextDeadline()).toBe(320);
    expect(r.poll(319)).toEqual([]);
    const out = r.poll(320);
    expect(out).toEqual([
      expect.objectContaining({ kind: "end", digit: "9", timedOut: true, durationMs: 20 }),
    ]);
    // Its end arriving after all does not make a second press.
    expect(r.receive(1, 1000, ev(9, 800, true), 400)).toEqual([]);
  });

  test("a new event ends the previous one whose end was lost", () => {
    const r = new TelephoneEventReceiver();
    const out = [...r.receive(1, 1000, ev(2, 160), 0), ...r.receive(1, 2000, ev(3, 160), 100)];
    expect(out.map((s) => `${s.kind}:${s.digit}`)).toEqual(["begin:2", "end:2", "begin:3"]);
  });

  test("events above 15 (not DTMF) and short payloads are ignored", () => {
    const r = new TelephoneEventReceiver();
    expect(r.receive(1, 1, ev(16, 0), 0)).toEqual([]);
    expect(r.receive(1, 1, new Uint8Array(3), 0)).toEqual([]);
  });
});

describe("RFC 4733 sender", () => {
  test("packets carry the start timestamp, a marker first, growing durations, and three ends; a receiver hears each digit once", () => {
    const s = new DigitSender("1#", { toneMs: 100, gapMs: 60 });
    const r = new TelephoneEventReceiver();
    const heard: DigitSignal[] = [];
    const packets: { ts: number; marker: boolean; end: boolean; duration: number }[] = [];
    for (let slot = 0; !s.done && slot < 100; slot++) {
      const ts = 8000 + slot * 160;
      const p = s.next(ts);
      if (!p) continue;
      const e = parseTelephoneEvent(p.payload);
      packets.push({ ts: p.timestamp, marker: p.marker, end: e?.end ?? false, duration: e?.duration ?? -1 });
      heard.push(...r.receive(42, p.timestamp, p.payload, slot * 20));
    }
    expect(ends(heard)).toEqual(["1", "#"]);
    const first = packets.slice(0, 7);
    expect(first.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(first.map((p) => p.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(first.map((p) => p.end)).toEqual([false, false, false, false, true, true, true]);
    expect(new Set(first.map((p) => p.ts))).toEqual(new Set([8000]));
  });
});

const SIPP = "/usr/share/sip-tester";

describeWithTools(["sipp"], "SIPp's shipped captures (dtmf_2833_*.pcap)", () => {
  const names: [string, string][] = [..."0123456789"].map((d) => [`dtmf_2833_${d}.pcap`, d]);
  names.push(["dtmf_2833_star.pcap", "*"], ["dtmf_2833_pound.pcap", "#"]);

  test.each(names)("%s is one press of %s", (file, digit) => {
    const r = new TelephoneEventReceiver();
    const out: DigitSignal[] = [];
    for (const d of readPcapUdp(readFileSync(`${SIPP}/${file}`))) {
      const p = parseRtp(d.payload);
      if (p?.payloadType === 101) out.push(...r.receive(p.ssrc, p.timestamp, p.payload, d.atMs));
    }
    out.push(...r.poll(10_000));
    expect(out.map((s) => `${s.kind}:${s.digit}`)).toEqual([`begin:${digit}`, `end:${digit}`]);
    expect(out[1]?.timedOut).toBe(false);
  });
});
