// The send-interval error read from the kernel's timestamps instead of the receiver's clock: a
// dumpcap capture on the loopback of the datagrams to the receiver's port over the measured
// window. On loopback the kernel stamps a datagram as the sender's sendmsg hands it over, so
// the figures are the sender's own pacing, without the jitter of the receiver process (a single
// Node thread reading 50,000 pps on a shared 2-core box: when it is descheduled for 10 ms every
// datagram of those 10 ms is read late and looks late). dumpcap (Wireshark's capture engine,
// no dissection) keeps only 64 bytes of each datagram (IP, UDP and the RTP header).
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { readPcapUdp } from "@ringflow/media";

export interface Stamped {
  packets: number;
  intervals: number;
  p50: number;
  p99: number;
  /** Frames missing in RTP time (skipped by the sender, or dropped before the capture point). */
  gaps: number;
  /** Datagrams the capture itself dropped (its ring was full): then the figures are partial. */
  captureDrops: number;
}

const BIN_MS = 0.05;
const BINS = 4000;

/** The interval error of every consecutive pair of frames, per SSRC (as receiver.ts does). */
export function intervalErrors(
  datagrams: { atMs: number; payload: Uint8Array }[],
): Omit<Stamped, "captureDrops"> {
  const hist = new Uint32Array(BINS);
  const last = new Map<number, { at: number; ts: number }>();
  let packets = 0;
  let gaps = 0;
  for (const d of datagrams) {
    const p = d.payload;
    if (p.length < 12 || (p[0] as number) >> 6 !== 2 || ((p[1] as number) & 0x7f) !== 0) continue;
    packets++;
    const ts =
      (((p[4] as number) << 24) | ((p[5] as number) << 16) | ((p[6] as number) << 8) | (p[7] as number)) >>>
      0;
    const ssrc =
      (((p[8] as number) << 24) | ((p[9] as number) << 16) | ((p[10] as number) << 8) | (p[11] as number)) >>>
      0;
    const prev = last.get(ssrc);
    last.set(ssrc, { at: d.atMs, ts });
    if (!prev) continue;
    const dts = (ts - prev.ts) | 0;
    if (dts > 160 && dts % 160 === 0 && dts <= 160 * 50) gaps += dts / 160 - 1;
    if (dts !== 160) continue;
    const err = Math.abs(d.atMs - prev.at - 20);
    const bin = Math.min(BINS - 1, Math.floor(err / BIN_MS));
    hist[bin] = (hist[bin] as number) + 1;
  }
  let intervals = 0;
  for (const c of hist) intervals += c;
  const q = (f: number) => {
    if (intervals === 0) return Number.NaN;
    let seen = 0;
    for (let i = 0; i < BINS; i++) {
      seen += hist[i] as number;
      if (seen >= f * intervals) return (i + 0.5) * BIN_MS;
    }
    return BINS * BIN_MS;
  };
  return { packets, intervals, p50: q(0.5), p99: q(0.99), gaps };
}

/** Starts capturing datagrams to `port` on the loopback; `stop()` ends it and reads the figures. */
export function captureStamps(
  port: number,
  file: string,
  children: ChildProcess[],
): { stop(): Promise<Stamped> } {
  const child = spawn(
    "dumpcap",
    ["-q", "-i", "lo", "-f", `udp dst port ${port}`, "-s", "64", "-B", "64", "-P", "-w", file],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(child);
  let err = "";
  child.stderr?.on("data", (b: Buffer) => {
    err += b.toString();
  });
  return {
    stop: () =>
      new Promise<Stamped>((resolve, reject) => {
        child.once("exit", () => {
          try {
            const figures = intervalErrors(readPcapUdp(readFileSync(file)));
            rmSync(file, { force: true });
            // "Packets received/dropped on interface 'lo': 200000/0 (pcap:0/dumpcap:0/flushed:0/ps_ifdrop:0)"
            const m = /dropped on interface[^:]*:\s*\d+\/(\d+)/.exec(err);
            resolve({ ...figures, captureDrops: m ? Number(m[1]) : 0 });
          } catch (e) {
            reject(new Error(`dumpcap: ${String(e)} ${err.slice(-500)}`));
          }
        });
        child.kill("SIGINT");
      }),
  };
}
