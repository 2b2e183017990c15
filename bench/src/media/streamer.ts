// Our side of the media bench, as a child process: N MediaSessions on one PacingScheduler with
// one timer, each on its own UDP socket (as the edge gives each call a port), each in a collect
// whose prompt is the bench WAV over and over, sending to the receiver. A presser in the same
// process sends RFC 4733 presses (SIPp's dtmf_2833_1.pcap packets, re-stamped) to a few
// sessions over loopback and times press end -> collectDone. Prints {"ready"} once all
// sessions are up; on "report\n" prints digit figures as one JSON line.
import { createSocket, type Socket } from "node:dgram";
import { readFileSync } from "node:fs";
import {
  AudioClip,
  type MediaEvent,
  MediaSession,
  PacingScheduler,
  readWav,
  serializeRtp,
  writeTelephoneEvent,
} from "@ringflow/media";

const [wavPath, nArg, portArg] = process.argv.slice(2);
const n = Number(nArg);
const receiverPort = Number(portArg);
const clip = new AudioClip(readWav(readFileSync(wavPath as string)).pcm, "bench");
const prompt = Array.from({ length: 200 }, () => clip);

const scheduler = new PacingScheduler(performance.now());
let timer: NodeJS.Timeout | null = null;
let armedFor = Number.POSITIVE_INFINITY;
function arm(): void {
  const d = scheduler.nextDeadline();
  if (d === armedFor && timer) return;
  if (timer) clearTimeout(timer);
  armedFor = d;
  if (d === Number.POSITIVE_INFINITY) return;
  timer = setTimeout(
    () => {
      timer = null;
      armedFor = Number.POSITIVE_INFINITY;
      scheduler.tick(performance.now());
      arm();
    },
    Math.max(0, d - performance.now()),
  );
}

interface Call {
  session: MediaSession;
  sock: Socket;
  port: number;
  pressSentAt: number | null;
}

const latencies: number[] = [];
let pressesSent = 0;
let digitsCollected = 0;
const calls: Call[] = [];

function collect(c: Call): void {
  c.session.collect({ prompt, maxDigits: 1, firstDigitTimeoutMs: 60_000, bargeIn: true }, performance.now());
}

async function open(i: number): Promise<Call> {
  const sock = createSocket({ type: "udp4", sendBufferSize: 256 * 1024 });
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
  // One remote per call: a connected socket sends without a destination look-up per datagram
  // (what the edge's adapter does once the caller's address is latched).
  await new Promise<void>((r) => sock.connect(receiverPort, "127.0.0.1", () => r()));
  const call: Call = {
    session: undefined as unknown as MediaSession,
    sock,
    port: sock.address().port,
    pressSentAt: null,
  };
  call.session = new MediaSession({
    negotiated: {
      remoteAddress: "127.0.0.1",
      remotePort: receiverPort,
      remoteRtcpPort: receiverPort,
      rtcpMux: true,
      codec: "PCMU",
      payloadType: 0,
      telephoneEventPt: 101,
      ptime: 20,
      direction: "sendrecv",
    },
    scheduler,
    now: performance.now(),
    inactivityTimeoutMs: 0,
    rtcpIntervalMs: 3_600_000,
    symmetricRtp: false,
    // The receiver sends nothing until it presses its code: no reflection guard (it would stop
    // every stream after 3 s, see send-cap.ts).
    unheardSendLimitMs: Number.POSITIVE_INFINITY,
    cname: `bench-${i}`,
    reuseSendBuffer: true,
    io: {
      // A connected socket sends at once unless its send buffer is full (then libuv holds `data`).
      send: (data) => {
        sock.send(data);
        return sock.getSendQueueCount() === 0;
      },
      event: (e: MediaEvent) => {
        if (e.type === "collectDone") {
          if (e.result.digits !== "" && call.pressSentAt !== null) {
            digitsCollected++;
            latencies.push(performance.now() - call.pressSentAt);
            call.pressSentAt = null;
          }
          collect(call);
        }
      },
    },
  });
  // Presses come from another port than the connected one: a second socket receives them.
  const inbound = createSocket("udp4");
  await new Promise<void>((r) => inbound.bind(0, "127.0.0.1", () => r()));
  inbound.on("message", (m, ri) => call.session.receiveRtp(m, ri.address, ri.port, performance.now()));
  call.port = inbound.address().port;
  collect(call);
  return call;
}

// The presser: one press every 250 ms, to sessions in turn, as SIPp's capture sends it
// (start, durations every 20 ms, three end packets with one sequence number).
const presser = createSocket("udp4");
let pressIndex = 0;
let pressSeq = 1;
function press(): void {
  const c = calls[pressIndex++ % calls.length];
  if (!c || c.pressSentAt !== null) return;
  const ts = (pressIndex * 8000) >>> 0;
  const ssrc = 0x0e05384e;
  const send = (duration: number, end: boolean, marker: boolean) =>
    presser.send(
      serializeRtp({
        marker,
        payloadType: 101,
        sequenceNumber: pressSeq++ & 0xffff,
        timestamp: ts,
        ssrc,
        payload: writeTelephoneEvent({ event: 1, end, volume: 10, duration }),
      }),
      c.port,
      "127.0.0.1",
    );
  send(0, false, true);
  setTimeout(() => send(320, false, false), 20);
  setTimeout(() => {
    c.pressSentAt = performance.now();
    pressesSent++;
    for (let k = 0; k < 3; k++) send(640, true, false);
  }, 40);
}

let buf = "";
process.stdin.on("data", (d) => {
  buf += d.toString();
  for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (line === "report") {
      const sorted = [...latencies].sort((a, b) => a - b);
      const q = (p: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
      // A press whose end went out less than a second ago is in flight, not lost.
      const now = performance.now();
      const inFlight = calls.filter((c) => c.pressSentAt !== null && now - c.pressSentAt < 1000).length;
      process.stdout.write(
        `${JSON.stringify({ presses: pressesSent - inFlight, collected: digitsCollected, p50: q(0.5), p99: q(0.99), skipped: scheduler.stats.slotsSkipped })}\n`,
      );
    }
  }
});
process.stdin.on("end", () => process.exit(0));

for (let i = 0; i < n; i++) calls.push(await open(i));
arm();
// Re-arm after every session was added (adds do not arm the timer themselves).
setInterval(arm, 1000).unref();
setInterval(press, 250);
process.stdout.write(`${JSON.stringify({ ready: true, sessions: calls.length })}\n`);
