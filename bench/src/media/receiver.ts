// The RTP receiver both senders (ours and SIPp's rtp_stream) are measured at: per SSRC, the
// error of each inter-arrival time against the 20 ms frame (histogram in 0.1 ms bins), packets,
// and the drift of RTP time against arrival time. Run as a child: prints {"port"} when bound,
// then on "report\n" on stdin prints the figures as one JSON line and resets them.
// For the edge-driven mode, "press\n" makes it the callers' keypad: each sender seen so far gets
// its own 4-digit code (its order of arrival) sent back to it as RFC 4733 events from this socket
// (so the edge's symmetric RTP keeps sending here), paced by one 20 ms loop and spread over 2 s;
// then it prints {"pressed":{code: wall ms of the last digit's first end packet}}.
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { pressPlan, telephoneEvent } from "./keypad.js";

const BIN_MS = 0.1;
const BINS = 2000; // up to 200 ms of error

interface Source {
  firstAt: number;
  firstTs: number;
  lastAt: number;
  lastTs: number;
  packets: number;
  /** RTP time since the first packet, unwrapped (ms). */
  rtpMs: number;
  /** Smallest (arrival - RTP time) over the first DRIFT_PACKETS packets, and over the latest ones. */
  minFirst: number;
  recent: Float64Array;
}

// Drift is read from minimum offsets (arrival minus RTP time), which jitter only ever raises.
const DRIFT_PACKETS = 500;

let hist = new Uint32Array(BINS);
let sources = new Map<number, Source>();
let packets = 0;
/** Frames missing in RTP time between consecutive packets of a stream (slots the sender skipped, or lost). */
let gaps = 0;
/** The kernel's drop count of this socket (its receive buffer overflowed) at the last reset. */
let dropsAtReset = 0;

/** The `drops` column of /proc/net/udp for our port: datagrams the kernel could not queue to us. */
function kernelDrops(): number {
  try {
    const port = sock.address().port.toString(16).toUpperCase().padStart(4, "0");
    for (const line of readFileSync("/proc/net/udp", "utf8").split("\n")) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${port}`)) return Number(f[12]);
    }
  } catch {}
  return Number.NaN;
}
/** Where each sender's packets come from since the last reset (for "press"). */
const peers = new Map<number, { address: string; port: number }>();

const sock = createSocket({ type: "udp4", recvBufferSize: 16 * 1024 * 1024 });
sock.on("message", (m, rinfo) => {
  const now = performance.now();
  if (m.length < 12 || m.readUInt8(0) >> 6 !== 2 || (m.readUInt8(1) & 0x7f) !== 0) return;
  packets++;
  const ts = m.readUInt32BE(4);
  const ssrc = m.readUInt32BE(8);
  if (!peers.has(ssrc)) peers.set(ssrc, { address: rinfo.address, port: rinfo.port });
  const s = sources.get(ssrc);
  if (!s) {
    sources.set(ssrc, {
      firstAt: now,
      firstTs: ts,
      lastAt: now,
      lastTs: ts,
      packets: 1,
      rtpMs: 0,
      minFirst: 0,
      recent: new Float64Array(DRIFT_PACKETS).fill(Number.POSITIVE_INFINITY),
    });
    return;
  }
  const dts = (ts - s.lastTs) | 0;
  if (dts > 160 && dts % 160 === 0 && dts <= 160 * 50) gaps += dts / 160 - 1;
  s.rtpMs += dts / 8;
  const offset = now - s.firstAt - s.rtpMs;
  if (s.packets < DRIFT_PACKETS) s.minFirst = Math.min(s.minFirst, offset);
  s.recent[s.packets % DRIFT_PACKETS] = offset;
  // Only consecutive frames count for the interval (a skipped slot shows as a 40 ms step).
  if (dts === 160) {
    const err = Math.abs(now - s.lastAt - 20);
    const bin = Math.min(BINS - 1, Math.floor(err / BIN_MS));
    hist[bin] = (hist[bin] as number) + 1;
  }
  s.lastAt = now;
  s.lastTs = ts;
  s.packets++;
});

function quantile(q: number): number {
  let total = 0;
  for (const c of hist) total += c;
  if (total === 0) return Number.NaN;
  let seen = 0;
  for (let i = 0; i < BINS; i++) {
    seen += hist[i] as number;
    if (seen >= q * total) return (i + 0.5) * BIN_MS;
  }
  return BINS * BIN_MS;
}

function report(): void {
  let intervals = 0;
  for (const c of hist) intervals += c;
  // Drift: RTP time elapsed minus arrival time elapsed, per source (ms), from the smallest
  // offset (arrival - RTP time) of the first DRIFT_PACKETS packets against the smallest of the
  // latest DRIFT_PACKETS: queueing and scheduling only ever delay an arrival, so the minimum of a
  // window is the sender's clock plus the path's floor, and one late last packet cannot pose as
  // drift. `span` is the time between the two windows (first and last packet when too short).
  const drifts = [...sources.values()]
    .filter((s) => s.packets > 10)
    .map((s) => {
      if (s.packets < 2 * DRIFT_PACKETS)
        return {
          ms: ((s.lastTs - s.firstTs) >>> 0) / 8 - (s.lastAt - s.firstAt),
          span: s.lastAt - s.firstAt,
        };
      let minRecent = Number.POSITIVE_INFINITY;
      for (const o of s.recent) minRecent = Math.min(minRecent, o);
      return { ms: s.minFirst - minRecent, span: s.lastAt - s.firstAt - (DRIFT_PACKETS - 1) * 20 };
    });
  process.stdout.write(
    `${JSON.stringify({
      packets,
      sources: sources.size,
      intervals,
      p50: quantile(0.5),
      p99: quantile(0.99),
      p999: quantile(0.999),
      gaps,
      kernelDrops: kernelDrops() - dropsAtReset,
      drift: drifts,
    })}\n`,
  );
  reset();
}

function reset(): void {
  hist = new Uint32Array(BINS);
  sources = new Map();
  packets = 0;
  gaps = 0;
  dropsAtReset = kernelDrops();
}

/** Every peer presses its code; one 20 ms loop sends all due packets (RFC 4733 §2.5). */
function press(): void {
  const targets = [...peers.values()];
  const plan = pressPlan(targets.length, 2000);
  const pressed: Record<string, number> = {};
  const t0 = performance.now();
  let next = 0;
  const loop = setInterval(() => {
    const elapsed = performance.now() - t0;
    while (next < plan.length && (plan[next] as (typeof plan)[number]).atMs <= elapsed) {
      const p = plan[next++] as (typeof plan)[number];
      const to = targets[p.stream] as { address: string; port: number };
      sock.send(telephoneEvent(p), to.port, to.address);
      if (p.lastEnd) pressed[p.code] = performance.timeOrigin + performance.now();
    }
    if (next >= plan.length) {
      clearInterval(loop);
      process.stdout.write(`${JSON.stringify({ pressed })}\n`);
    }
  }, 20);
}

let buf = "";
process.stdin.on("data", (d) => {
  buf += d.toString();
  for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (line === "report") report();
    if (line === "press") press();
    if (line === "reset") {
      peers.clear();
      reset();
    }
  }
});
process.stdin.on("end", () => {
  sock.close();
  process.exit(0);
});

sock.bind(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: sock.address().port })}\n`);
});
