// `pnpm bench media --edge [--quick]`: N concurrent calls answered by the real edge (its bundle,
// as the container runs it), each in a collect whose prompt is the bench WAV (looped by the
// decision answering every collect.done with the same collect), driven by SIPp.
//
// Per N, in the same run: SIPp calls the edge with an SDP whose media address is the receiver
// (receiver.ts, one socket for every call); after the setup and a warm-up we read the edge
// process's CPU from /proc over a steady window, and the receiver's send-interval error; then the
// receiver presses each call's 4-digit code as RFC 4733 events from that socket (so symmetric RTP
// keeps sending to it), and the Invoke stub (edge-stub.ts) records each collect.done: lost codes
// and press -> collect.done latency (wall clocks of the two processes). Then SIPp's own
// rtp_stream plays the same WAV on N calls to the same receiver (the C++ floor). N grows until
// a row misses p99 <= 5 ms or loses a digit.
//
// The receive side is our Node receiver, not a tshark capture: at 1,000 streams (50,000 pps) a
// capture costs as much CPU as the edge on this 2-core box, and writes a file; the receiver is
// the same for both senders, so its own jitter is in both p99s.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundleEdge } from "@ringflow/edge/bundle";
import { freePort } from "@ringflow/testkit";
import { captureStamps, type Stamped } from "./kernel-stamps.js";
import { matchPresses } from "./keypad.js";

export interface Interval {
  packets: number;
  sources: number;
  intervals: number;
  p50: number;
  p99: number;
  p999: number;
  /** Frames missing in RTP time (the sender skipped the slot, or the packet was lost). */
  gaps: number;
  /** Datagrams the receiver's kernel socket dropped (its buffer was full): not the sender's fault. */
  kernelDrops: number;
}

export interface EdgeRow {
  n: number;
  edgeCpuUs: number;
  rx: Interval;
  presses: number;
  lost: number;
  digitLatencies: number[];
  setupOk: boolean;
  /** The interval error from the kernel's timestamps (`--kernel-stamps`). */
  stamped?: Stamped;
}

export interface JsonChild {
  child: ChildProcess;
  next: <T>() => Promise<T>;
  say: (s: string) => void;
  stop: () => Promise<void>;
}

export interface EdgeDeps {
  dir: string;
  root: string;
  tsx: (file: string, args: string[]) => JsonChild;
  receiver: JsonChild;
  receiverPort: number;
  cpuSeconds: (pid: number) => number;
  cpuPerStreamSecond: (cpuS: number, rx: Interval) => number;
  sleep: (ms: number) => Promise<unknown>;
  warmupS: number;
  windowS: number;
  sippRate: number;
  children: ChildProcess[];
  /** Also read the interval error from a dumpcap capture's kernel timestamps (kernel-stamps.ts). */
  kernelStamps: boolean;
}

/** SIPp calling the edge: its SDP sends the edge's RTP to the receiver; it hangs up after holdMs. */
export const edgeCallerXml = (
  receiverPort: number,
  holdMs: number,
) => `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="bench caller of the edge: media at the receiver">
  <send retrans="500"><![CDATA[
INVITE sip:+15550100@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:+15550199@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:+15550100@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:sipp@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=uac 1 1 IN IP4 127.0.0.1
s=-
c=IN IP4 127.0.0.1
t=0 0
m=audio ${receiverPort} RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rrs="true"/>
  <send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:+15550199@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:+15550100@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
[routes]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <pause milliseconds="${holdMs}"/>
  <send retrans="500"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:+15550199@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:+15550100@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
[routes]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
`;

/** The edge from its bundle; resolves once it prints its ready line. */
async function startEdge(d: EdgeDeps, args: string[]): Promise<ChildProcess> {
  // RINGFLOW_BENCH_EDGE_BUNDLE=<file>: run that bundle (another commit's, for a before/after).
  const outfile = process.env.RINGFLOW_BENCH_EDGE_BUNDLE || join(d.dir, "edge-main.mjs");
  if (!existsSync(outfile)) await bundleEdge({ entry: join(d.root, "edge", "src", "main.ts"), outfile });
  // RINGFLOW_BENCH_CPU_PROF=<dir>: the edge writes a V8 CPU profile there when it stops.
  const prof = process.env.RINGFLOW_BENCH_CPU_PROF;
  const node = prof ? ["--cpu-prof", "--cpu-prof-dir", prof] : [];
  const child = spawn(process.execPath, [...node, outfile, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LOG_LEVEL: "warn" },
  });
  d.children.push(child);
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`edge not ready: ${out.slice(-2000)}`)), 30_000);
    const on = (b: Buffer) => {
      out += b.toString();
      if (out.includes('"ready":true')) {
        clearTimeout(t);
        resolve();
      }
      if (out.length > 100_000) out = out.slice(-10_000);
    };
    child.stdout?.on("data", on);
    child.stderr?.on("data", on);
    child.once("exit", (c) => reject(new Error(`edge exited ${c}: ${out.slice(-2000)}`)));
  });
  return child;
}

/** SIGTERM (the edge drains for at most --drain-timeout-ms), SIGKILL if still there after 5 s. */
function stopChild(c: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  return new Promise((r) => {
    if (c.exitCode !== null || c.signalCode !== null) return r();
    c.once("exit", () => r());
    c.kill(signal);
    if (signal !== "SIGKILL") setTimeout(() => c.kill("SIGKILL"), 5000).unref();
  });
}

/** The edge on the stub's decisions and prompts, with `ports` RTP ports of its own range. */
async function startStubbedEdge(d: EdgeDeps, wav: string, ports: number) {
  const stub = d.tsx("edge-stub.ts", [wav]);
  const stubPort = (await stub.next<{ port: number }>()).port;
  const edgePort = await freePort();
  // An RTP range of our own, away from the edge's default (other tests may run edges there).
  const base = 30_000 + 2 * Math.floor(Math.random() * 5000);
  const edge = await startEdge(d, [
    ...["--listen", `127.0.0.1:${edgePort}`, "--no-protection"],
    ...["--invoke-endpoint", `http://127.0.0.1:${stubPort}`, "--s3-endpoint", `http://127.0.0.1:${stubPort}`],
    ...["--rtp-timeout-sec", "0", "--rtp-ports", `${base}-${base + ports}`, "--drain-timeout-ms", "1000"],
    // The receiver sends no RTP until it presses the codes (minutes in): without this the
    // edge's reflection guard would stop every stream 3 s after its answer.
    ...["--rtp-unheard-send-ms", "off"],
  ]);
  return { stub, edgePort, edge };
}

/** One N through the edge: CPU, receive-side intervals, digits. */
export async function runEdge(d: EdgeDeps, n: number, wav: string): Promise<EdgeRow> {
  const { writeFileSync } = await import("node:fs");
  const { stub, edgePort, edge } = await startStubbedEdge(d, wav, 4 * n + 200);
  const setupS = n / d.sippRate + 1;
  const holdMs = Math.round((setupS + d.warmupS + d.windowS + 8) * 1000);
  writeFileSync(join(d.dir, "edge-caller.xml"), edgeCallerXml(d.receiverPort, holdMs));
  const sipp = spawn(
    "sipp",
    [
      `127.0.0.1:${edgePort}`,
      "-sf",
      "edge-caller.xml",
      "-i",
      "127.0.0.1",
      "-p",
      String(await freePort()),
      "-m",
      String(n),
      "-l",
      String(n),
      "-r",
      String(d.sippRate),
      "-nostdin",
      "-timeout",
      `${Math.ceil(holdMs / 1000) + 60}s`,
    ],
    { stdio: ["ignore", "ignore", "ignore"], cwd: d.dir },
  );
  d.children.push(sipp);
  await d.sleep((setupS + d.warmupS) * 1000);
  const cap = d.kernelStamps
    ? captureStamps(d.receiverPort, join(d.dir, "edge-window.pcap"), d.children)
    : undefined;
  d.receiver.say("reset");
  const c0 = d.cpuSeconds(edge.pid as number);
  await d.sleep(d.windowS * 1000);
  const c1 = d.cpuSeconds(edge.pid as number);
  d.receiver.say("report");
  const rx = await d.receiver.next<Interval>();
  const stamped = await cap?.stop();
  // Digits near the end of the call: every stream presses its code.
  d.receiver.say("press");
  const { pressed } = await d.receiver.next<{ pressed: Record<string, number> }>();
  await d.sleep(1500);
  stub.say("report");
  const { done } = await stub.next<{ done: Record<string, number> }>();
  const m = matchPresses(pressed, done);
  await stopChild(sipp);
  await stopChild(edge, "SIGTERM");
  await stub.stop();
  return {
    n,
    edgeCpuUs: d.cpuPerStreamSecond(c1 - c0, rx),
    rx,
    presses: m.presses,
    lost: m.lost + Math.max(0, n - m.presses),
    digitLatencies: m.latencies,
    setupOk: rx.sources >= n,
    ...(stamped ? { stamped } : {}),
  };
}

/**
 * RTP clock drift through the edge: one SIPp call answered by the edge's bundle, its looping
 * prompt measured at the receiver for `seconds` (RTP time elapsed minus arrival time elapsed,
 * from minimum offsets; receiver.ts), scaled to 10 minutes by the caller.
 */
export async function runEdgeDrift(
  d: EdgeDeps,
  seconds: number,
  wav: string,
): Promise<{ ms: number; span: number; packets: number; gaps: number }> {
  const { writeFileSync } = await import("node:fs");
  const { stub, edgePort, edge } = await startStubbedEdge(d, wav, 20);
  const holdMs = Math.round((seconds + 5) * 1000);
  writeFileSync(join(d.dir, "edge-caller.xml"), edgeCallerXml(d.receiverPort, holdMs));
  const sipp = spawn(
    "sipp",
    [
      `127.0.0.1:${edgePort}`,
      "-sf",
      "edge-caller.xml",
      "-i",
      "127.0.0.1",
      "-p",
      String(await freePort()),
      "-m",
      "1",
      "-nostdin",
      "-timeout",
      `${Math.ceil(holdMs / 1000) + 60}s`,
    ],
    { stdio: ["ignore", "ignore", "ignore"], cwd: d.dir },
  );
  d.children.push(sipp);
  await d.sleep(1500);
  d.receiver.say("reset");
  await d.sleep(seconds * 1000);
  d.receiver.say("report");
  const rx = await d.receiver.next<Interval & { drift: { ms: number; span: number }[] }>();
  await stopChild(sipp);
  await stopChild(edge, "SIGTERM");
  await stub.stop();
  const one = rx.drift[0] ?? { ms: Number.NaN, span: 1 };
  return { ...one, packets: rx.packets, gaps: rx.gaps };
}
