// `pnpm bench media [--quick]`: the media package's pacing path against SIPp's C++ rtp_stream.
//
// For each N, ours and then SIPp's play the same looping 8 kHz mu-law WAV on N streams to one
// receiver process, and we read (1) each sender's CPU from /proc over the same window, per
// stream-second of audio delivered, and (2) the send-interval error at the receiver (|inter-arrival - 20 ms|,
// consecutive frames). Ours is N MediaSessions on one PacingScheduler with one timer, each on its
// own UDP socket, each in a collect whose prompt is the WAV over and over, with RFC 4733 presses
// sent to them over loopback (press end -> collectDone latency, lost digits). SIPp's is a uac
// with `rtp_stream` per call against a uas whose SDP points at the receiver: a C++ floor.
// Then: RTP clock drift of one stream (RTP time elapsed minus arrival time elapsed, scaled to 10
// minutes), prompt start latency (play() -> first audible packet) for a cached prompt and for an
// uncached 10-word text prompt rendered by espeak-ng, and the largest N of the run with p99
// interval error <= 5 ms and no lost digit.
//
// A third sender, the Node floor (connected sockets and one interval, no media logic), shows
// how much of ours is Node's own datagram cost.
//
// `--edge` measures the real edge instead (media/edge-driven.ts): SIPp calls answered by the
// edge's bundle, each looping a prompt in a collect, the edge process's CPU against SIPp's
// rtp_stream for the same N, digits pressed as RFC 4733, and a search for the largest N.
// `--kernel-stamps` also reads the interval error from the kernel's timestamps of a dumpcap
// capture (media/kernel-stamps.ts), free of the receiver process's own scheduling jitter;
// `--edge --drift[=S]` measures one call's RTP clock drift through the edge.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { EspeakRenderer } from "@ringflow/functions";
import {
  AudioClip,
  encodeG711,
  MediaSession,
  PacingScheduler,
  readWav,
  serializeRtp,
  WaveFile,
} from "@ringflow/media";
import { freePort } from "@ringflow/testkit";
import { type EdgeRow, runEdge, runEdgeDrift } from "./media/edge-driven.js";
import { captureStamps } from "./media/kernel-stamps.js";
import { percentile, report } from "./report.js";

const quick = process.argv.includes("--quick");
const edgeMode = process.argv.includes("--edge");
const kernelStamps = process.argv.includes("--kernel-stamps");
const NS = quick ? [50, 200] : [100, 500, 1000, 1500];
const WINDOW_S = quick ? 4 : 10;
const WARMUP_S = quick ? 1.5 : 3;
const DRIFT_S = quick ? 10 : 60;
const SIPP_RATE = 200;
const here = join(process.cwd(), "bench", "src", "media");
const dir = mkdtempSync(join(tmpdir(), "ringflow-bench-media-"));
const children: ChildProcess[] = [];
process.on("exit", () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** A child speaking JSON lines on stdout; `next()` waits for the next line. */
function jsonChild(cmd: string, args: string[]) {
  const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  const lines: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  let buf = "";
  child.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const l = lines.shift();
      if (l !== undefined) return resolve(JSON.parse(l) as T);
      const t = setTimeout(() => reject(new Error(`${args[args.length - 1]}: no answer`)), 120_000);
      waiters.push((x) => {
        clearTimeout(t);
        resolve(JSON.parse(x) as T);
      });
    });
  const say = (s: string) => child.stdin?.write(`${s}\n`);
  const stop = () =>
    new Promise<void>((r) => {
      if (child.exitCode !== null) return r();
      child.once("exit", () => r());
      child.stdin?.end();
      setTimeout(() => child.kill("SIGKILL"), 3000).unref();
    });
  return { child, next, say, stop };
}

const tsx = (file: string, args: string[]) =>
  jsonChild(process.execPath, [
    "--import",
    "tsx",
    "--conditions=@ringflow/source",
    join(here, file),
    ...args,
  ]);

/** CPU seconds (user + system) of a process and its threads, from /proc. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

/**
 * CPU per stream-second of audio actually delivered (50 packets at the receiver): a sender
 * starved by a loaded machine sends fewer packets and uses less CPU, which per stream alone would
 * flatter it. Also the share of the expected packets that arrived.
 */
function cpuPerStreamSecond(cpuS: number, rx: { packets: number }): number {
  const delivered = rx.packets / 50;
  return delivered > 0 ? (cpuS * 1e6) / delivered : Number.NaN;
}

const deliveredShare = (rx: { packets: number }, n: number) => rx.packets / (n * 50 * WINDOW_S);

interface Interval {
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
  drift: { ms: number; span: number }[];
}

// ---- the prompt both sides play: espeak-ng speech, 8 kHz mu-law WAV -----------------------

async function benchPrompt(): Promise<{ file: string; pcm: Int16Array }> {
  const pcm = await new EspeakRenderer().render(
    {
      text: "Welcome to Ringflow. For sales press one. For support press two. To leave a message press three.",
      language: "en-US",
    },
    AbortSignal.timeout(10_000),
  );
  const w = new WaveFile();
  w.fromScratch(1, 8000, "8m", encodeG711("PCMU", pcm));
  const file = join(dir, "prompt-ulaw.wav");
  writeFileSync(file, w.toBuffer());
  return { file, pcm: readWav(readFileSync(file)).pcm };
}

// ---- ours ----------------------------------------------------------------------------------

async function runOurs(n: number, wav: string, receiver: ReturnType<typeof tsx>) {
  const s = tsx("streamer.ts", [wav, String(n), String(receiverPort)]);
  await s.next();
  await sleep(WARMUP_S * 1000);
  receiver.say("reset");
  const c0 = cpuSeconds(s.child.pid as number);
  await sleep(WINDOW_S * 1000);
  const c1 = cpuSeconds(s.child.pid as number);
  receiver.say("report");
  const rx = await receiver.next<Interval>();
  s.say("report");
  const digits = await s.next<{
    presses: number;
    collected: number;
    p50: number;
    p99: number;
    skipped: number;
  }>();
  await s.stop();
  return { cpuUs: cpuPerStreamSecond(c1 - c0, rx), rx, digits };
}

// ---- the Node floor: sockets and one interval, no media logic -----------------------------

async function runFloor(n: number, wav: string, receiver: ReturnType<typeof tsx>) {
  const f = tsx("floor.ts", [wav, String(n), String(receiverPort)]);
  await f.next();
  await sleep(WARMUP_S * 1000);
  receiver.say("reset");
  const c0 = cpuSeconds(f.child.pid as number);
  await sleep(WINDOW_S * 1000);
  const c1 = cpuSeconds(f.child.pid as number);
  receiver.say("report");
  const rx = await receiver.next<Interval>();
  await f.stop();
  return { cpuUs: cpuPerStreamSecond(c1 - c0, rx), rx };
}

// ---- SIPp rtp_stream -----------------------------------------------------------------------

const uasXml = (rtpPort: number) => `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="bench uas, SDP pointing at the receiver">
  <recv request="INVITE"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=uas 1 1 IN IP4 127.0.0.1
s=-
c=IN IP4 127.0.0.1
t=0 0
m=audio ${rtpPort} RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv request="ACK"/>
  <recv request="BYE"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
</scenario>
`;

const uacXml = (wav: string, holdMs: number) => `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="bench uac, rtp_stream of the prompt">
  <send retrans="500"><![CDATA[
INVITE sip:bench@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:bench@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:sipp@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=uac 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio [rtpstream_audio_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv response="100" optional="true"/>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:bench@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:bench@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <nop><action><exec rtp_stream="${wav},-1,0"/></action></nop>
  <pause milliseconds="${holdMs}"/>
  <nop><action><exec rtp_stream="pause"/></action></nop>
  <send retrans="500"><![CDATA[
BYE sip:bench@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:bench@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
`;

function sipp(args: string[]): ChildProcess {
  const c = spawn("sipp", args, { stdio: ["ignore", "ignore", "ignore"], cwd: dir });
  children.push(c);
  return c;
}

async function runSipp(n: number, wav: string, receiver: ReturnType<typeof tsx>) {
  const uasPort = await freePort();
  const setupS = n / SIPP_RATE + 1;
  const holdMs = Math.round((setupS + WARMUP_S + WINDOW_S + 2) * 1000);
  writeFileSync(join(dir, "uas.xml"), uasXml(receiverPort));
  writeFileSync(join(dir, "uac.xml"), uacXml(wav, holdMs));
  const common = ["-i", "127.0.0.1", "-nostdin", "-timeout", `${Math.ceil(holdMs / 1000) + 60}s`];
  const uas = sipp(["-sf", "uas.xml", "-p", String(uasPort), "-mp", String(await freePort()), ...common]);
  await sleep(300);
  const uac = sipp([
    `127.0.0.1:${uasPort}`,
    "-sf",
    "uac.xml",
    "-p",
    String(await freePort()),
    "-mp",
    String(await freePort()),
    "-m",
    String(n),
    "-l",
    String(n),
    "-r",
    String(SIPP_RATE),
    ...common,
  ]);
  await sleep((setupS + WARMUP_S) * 1000);
  const cap = kernelStamps ? captureStamps(receiverPort, join(dir, "sipp-window.pcap"), children) : undefined;
  receiver.say("reset");
  const c0 = cpuSeconds(uac.pid as number);
  await sleep(WINDOW_S * 1000);
  const c1 = cpuSeconds(uac.pid as number);
  receiver.say("report");
  const rx = await receiver.next<Interval>();
  const stamped = await cap?.stop();
  uac.kill("SIGKILL");
  uas.kill("SIGKILL");
  return { cpuUs: cpuPerStreamSecond(c1 - c0, rx), rx, ...(stamped ? { stamped } : {}) };
}

// ---- prompt start latency (in process, real timers) ---------------------------------------

async function promptStart(clipFor: (i: number) => Promise<AudioClip>, samples: number): Promise<number[]> {
  const scheduler = new PacingScheduler(performance.now());
  const out: number[] = [];
  let startedAt = 0;
  let waiting = false;
  let resolveOne: (() => void) | null = null;
  const session = new MediaSession({
    negotiated: {
      remoteAddress: "127.0.0.1",
      remotePort: 9,
      remoteRtcpPort: 9,
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
    // Nobody ever answers: keep sending (the reflection guard would stop the sends after 3 s).
    unheardSendLimitMs: Number.POSITIVE_INFINITY,
    io: {
      send: () => {},
      event: (e) => {
        if (e.type === "promptStarted" && waiting) {
          out.push(performance.now() - startedAt);
          waiting = false;
          resolveOne?.();
        }
      },
    },
  });
  // The caller's first RTP ended the lead-in long ago (a menu mid-call).
  session.receiveRtp(
    serializeRtp({
      marker: false,
      payloadType: 0,
      sequenceNumber: 1,
      timestamp: 0,
      ssrc: 1,
      payload: new Uint8Array(160),
    }),
    "127.0.0.1",
    9,
    performance.now(),
  );
  const loop = setInterval(() => scheduler.tick(performance.now()), 1);
  for (let i = 0; i < samples; i++) {
    await sleep(7 + (i % 13));
    startedAt = performance.now();
    waiting = true;
    const done = new Promise<void>((r) => {
      resolveOne = r;
    });
    const clip = await clipFor(i);
    session.play({ prompt: [clip] }, performance.now());
    await done;
  }
  clearInterval(loop);
  session.end(performance.now());
  return out.sort((a, b) => a - b);
}

// ---- run ------------------------------------------------------------------------------------

let receiverPort = 0;

async function main(): Promise<void> {
  const loadStart = loadavg()[0] as number;
  console.log(`load average at start: ${r2(loadStart)} (the machine is shared: figures move with it)`);
  const prompt = await benchPrompt();
  console.log(`prompt: ${r1(prompt.pcm.length / 8)} ms of espeak-ng speech, 8 kHz mu-law WAV`);
  const receiver = tsx("receiver.ts", []);
  receiverPort = (await receiver.next<{ port: number }>()).port;

  const rows: {
    n: number;
    ours: Awaited<ReturnType<typeof runOurs>>;
    sipp: Awaited<ReturnType<typeof runSipp>>;
    floor: Awaited<ReturnType<typeof runFloor>>;
  }[] = [];
  for (const n of NS) {
    const ours = await runOurs(n, prompt.file, receiver);
    const peer = await runSipp(n, prompt.file, receiver);
    const floor = await runFloor(n, prompt.file, receiver);
    rows.push({ n, ours, sipp: peer, floor });
    const lost = ours.digits.presses - ours.digits.collected;
    console.log(
      `N=${n}: CPU/stream ours ${r1(ours.cpuUs)} us/s, SIPp rtp_stream ${r1(peer.cpuUs)} us/s (${r2(ours.cpuUs / peer.cpuUs)}x); ` +
        `interval error p50/p99 ours ${r2(ours.rx.p50)}/${r2(ours.rx.p99)} ms (${ours.rx.sources} streams, ${ours.rx.packets} pkts), ` +
        `SIPp ${r2(peer.rx.p50)}/${r2(peer.rx.p99)} ms (${peer.rx.sources} streams, ${peer.rx.packets} pkts); ` +
        `delivered ours ${r2(deliveredShare(ours.rx, n))}, SIPp ${r2(deliveredShare(peer.rx, n))}, floor ${r2(deliveredShare(floor.rx, n))}; ` +
        `Node dgram floor ${r1(floor.cpuUs)} us/s, ${r2(floor.rx.p50)}/${r2(floor.rx.p99)} ms; ` +
        `digits ${ours.digits.collected}/${ours.digits.presses} (lost ${lost}), press -> collectDone p50/p99 ${r2(ours.digits.p50)}/${r2(ours.digits.p99)} ms; skipped slots ${ours.digits.skipped}`,
    );
  }

  // Drift: one stream for DRIFT_S seconds, scaled to 10 minutes.
  const s = tsx("streamer.ts", [prompt.file, "1", String(receiverPort)]);
  await s.next();
  await sleep(500);
  receiver.say("reset");
  await sleep(DRIFT_S * 1000);
  receiver.say("report");
  const drift = await receiver.next<Interval>();
  await s.stop();
  const d = drift.drift[0] ?? { ms: Number.NaN, span: 1 };
  const driftPer10Min = (d.ms * 600_000) / d.span;
  console.log(
    `drift: ${r2(d.ms)} ms over ${r1(d.span / 1000)} s of one stream = ${r2(driftPer10Min)} ms per 10 minutes`,
  );

  // Prompt start latency.
  const cached = new AudioClip(prompt.pcm, "cached");
  const cachedMs = await promptStart(async () => cached, quick ? 20 : 50);
  const renderer = new EspeakRenderer();
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];
  const uncachedMs = await promptStart(
    async (i) => {
      const text = words.map((w, k) => `${w}${(i + k) % 10}`).join(" ");
      return new AudioClip(await renderer.render({ text, language: "en-US" }, AbortSignal.timeout(10_000)));
    },
    quick ? 5 : 10,
  );
  console.log(
    `prompt start (play -> first frame): cached p50 ${r1(percentile(cachedMs, 50))} ms, p99 ${r1(percentile(cachedMs, 99))} ms; ` +
      `uncached 10-word text (espeak-ng + resample) p50 ${r1(percentile(uncachedMs, 50))} ms, max ${r1(uncachedMs[uncachedMs.length - 1] ?? Number.NaN)} ms`,
  );
  await receiver.stop();

  const loadEnd = loadavg()[0] as number;
  console.log(`load average at end: ${r2(loadEnd)}`);
  const ok = rows.filter((r) => r.ours.rx.p99 <= 5 && r.ours.digits.presses === r.ours.digits.collected);
  const maxN = ok.length > 0 ? Math.max(...ok.map((r) => r.n)) : 0;
  const top = rows[rows.length - 1] as (typeof rows)[number];
  console.log(`largest N of this run with p99 <= 5 ms and 0 lost digits: ${maxN} (tried ${NS.join(", ")})`);
  report({
    bench: "media",
    unit: `CPU us per stream-second delivered at N=${top.n}`,
    ours: r1(top.ours.cpuUs),
    peers: { "sipp-rtp_stream": r1(top.sipp.cpuUs), "node-dgram-floor": r1(top.floor.cpuUs) },
    goal: "CPU per stream <= 2x SIPp's rtp_stream; >= 1,000 concurrent streams on 2 cores with p99 interval error <= 5 ms and 0 lost digits; drift <= 20 ms per 10 minutes",
    ratio: r2(top.ours.cpuUs / top.sipp.cpuUs),
    rows: rows.map((r) => ({
      n: r.n,
      oursCpuUs: r1(r.ours.cpuUs),
      sippCpuUs: r1(r.sipp.cpuUs),
      floorCpuUs: r1(r.floor.cpuUs),
      oursIntervalP50: r2(r.ours.rx.p50),
      oursIntervalP99: r2(r.ours.rx.p99),
      sippIntervalP50: r2(r.sipp.rx.p50),
      sippIntervalP99: r2(r.sipp.rx.p99),
      oursDelivered: r2(deliveredShare(r.ours.rx, r.n)),
      sippDelivered: r2(deliveredShare(r.sipp.rx, r.n)),
      digits: r.ours.digits.presses,
      lostDigits: r.ours.digits.presses - r.ours.digits.collected,
      digitP50: r2(r.ours.digits.p50),
      digitP99: r2(r.ours.digits.p99),
    })),
    maxN,
    driftMsPer10Min: r2(driftPer10Min),
    promptStartCachedP50: r1(percentile(cachedMs, 50)),
    promptStartUncachedP50: r1(percentile(uncachedMs, 50)),
    loadAverage: [r2(loadStart), r2(loadEnd)],
  });
}

// ---- --edge: the real edge ------------------------------------------------------------------

/** The WAV looped for minutes (one collect prompt lasts the whole measured call). */
function longPrompt(pcm: Int16Array, seconds: number): string {
  const reps = Math.ceil((seconds * 8000) / pcm.length);
  const long = new Int16Array(pcm.length * reps);
  for (let i = 0; i < reps; i++) long.set(pcm, i * pcm.length);
  const w = new WaveFile();
  w.fromScratch(1, 8000, "8m", encodeG711("PCMU", long));
  const file = join(dir, "prompt-long-ulaw.wav");
  writeFileSync(file, w.toBuffer());
  return file;
}

async function mainEdge(): Promise<void> {
  // `--n=500,1000` runs those N only (profiling one load).
  const only = process.argv.find((a) => a.startsWith("--n="));
  // `--drift[=S]` measures only the RTP clock drift of one call through the edge, over S seconds
  // (default DRIFT_S), scaled to 10 minutes.
  const driftArg = process.argv.find((a) => a === "--drift" || a.startsWith("--drift="));
  const NS_EDGE = only
    ? only.slice(4).split(",").map(Number)
    : quick
      ? [50, 200]
      : [100, 250, 500, 750, 1000, 1250];
  const loadStart = loadavg()[0] as number;
  console.log(
    driftArg
      ? `media --edge --drift: one call; load average at start: ${r2(loadStart)}`
      : `media --edge: N ${NS_EDGE.join(", ")} until a row fails; load average at start: ${r2(loadStart)}`,
  );
  const prompt = await benchPrompt();
  const wav = longPrompt(prompt.pcm, 180);
  const receiver = tsx("receiver.ts", []);
  receiverPort = (await receiver.next<{ port: number }>()).port;
  const deps = {
    dir,
    root: process.cwd(),
    tsx,
    receiver,
    receiverPort,
    cpuSeconds,
    cpuPerStreamSecond,
    sleep,
    warmupS: WARMUP_S,
    windowS: WINDOW_S,
    sippRate: SIPP_RATE,
    children,
    kernelStamps,
  };
  if (driftArg) {
    const seconds = driftArg.includes("=") ? Number(driftArg.slice(8)) : DRIFT_S;
    const d = await runEdgeDrift(deps, seconds, wav);
    await receiver.stop();
    const per10 = (d.ms * 600_000) / d.span;
    const loadEnd = loadavg()[0] as number;
    console.log(
      `drift through the edge: ${r2(d.ms)} ms over ${r1(d.span / 1000)} s of one call (${d.packets} packets, ${d.gaps} frames missing) = ${r2(per10)} ms per 10 minutes; load ${r2(loadStart)} -> ${r2(loadEnd)}`,
    );
    report({
      bench: "media-edge-drift",
      unit: "ms of RTP clock drift per 10 minutes, one call through the edge",
      ours: r2(per10),
      peers: {},
      goal: "drift <= 20 ms per 10 minutes",
      ratio: r2(Math.abs(per10) / 20),
      seconds,
      driftMs: r2(d.ms),
      spanS: r1(d.span / 1000),
      loadAverage: [r2(loadStart), r2(loadEnd)],
    });
    return;
  }
  const rows: { edge: EdgeRow; sipp: Awaited<ReturnType<typeof runSipp>>; load: number }[] = [];
  for (const n of NS_EDGE) {
    const edge = await runEdge(deps, n, wav);
    const peer = await runSipp(n, wav, receiver);
    const load = loadavg()[0] as number;
    rows.push({ edge, sipp: peer, load });
    const lat = edge.digitLatencies;
    console.log(
      `N=${n} (load ${r2(load)}): edge CPU/stream ${r1(edge.edgeCpuUs)} us/s, SIPp rtp_stream ${r1(peer.cpuUs)} us/s (${r2(edge.edgeCpuUs / peer.cpuUs)}x); ` +
        `interval error p50/p99 edge ${r2(edge.rx.p50)}/${r2(edge.rx.p99)} ms (${edge.rx.sources} streams, delivered ${r2(deliveredShare(edge.rx, n))}), ` +
        `SIPp ${r2(peer.rx.p50)}/${r2(peer.rx.p99)} ms (${peer.rx.sources} streams, delivered ${r2(deliveredShare(peer.rx, n))}); ` +
        `frames missing in RTP time edge ${edge.rx.gaps}, SIPp ${peer.rx.gaps}; receiver kernel drops ${edge.rx.kernelDrops}/${peer.rx.kernelDrops}; ` +
        (edge.stamped && peer.stamped
          ? `kernel-stamped interval error p50/p99 edge ${r2(edge.stamped.p50)}/${r2(edge.stamped.p99)} ms, SIPp ${r2(peer.stamped.p50)}/${r2(peer.stamped.p99)} ms (${edge.stamped.packets}/${peer.stamped.packets} pkts, capture drops ${edge.stamped.captureDrops}/${peer.stamped.captureDrops}); `
          : "") +
        `digit codes ${edge.presses - edge.lost}/${n} collected (lost ${edge.lost}), last press -> collect.done p50/p99 ${r1(percentile(lat, 50))}/${r1(percentile(lat, 99))} ms`,
    );
    // Grow N while the edge keeps every call and digit; the p99 goal and delivery are judged per
    // row below (on a loaded box SIPp's own p99 misses 5 ms too, so neither is a stop sign).
    if (!(edge.lost === 0 && edge.setupOk)) break;
  }
  await receiver.stop();
  const loadEnd = loadavg()[0] as number;
  const ok = rows.filter((r) => r.edge.rx.p99 <= 5 && r.edge.lost === 0 && r.edge.setupOk);
  const maxN = ok.length > 0 ? Math.max(...ok.map((r) => r.edge.n)) : 0;
  const kept = rows.filter(
    (r) => r.edge.lost === 0 && r.edge.setupOk && deliveredShare(r.edge.rx, r.edge.n) >= 0.95,
  );
  const maxKept = kept.length > 0 ? Math.max(...kept.map((r) => r.edge.n)) : 0;
  const okStamped = rows.filter(
    (r) => r.edge.stamped !== undefined && r.edge.stamped.p99 <= 5 && r.edge.lost === 0 && r.edge.setupOk,
  );
  const maxNStamped = okStamped.length > 0 ? Math.max(...okStamped.map((r) => r.edge.n)) : 0;
  console.log(
    `largest N with p99 <= 5 ms and 0 lost digits: ${maxN}` +
      (kernelStamps ? ` (kernel-stamped p99: ${maxNStamped})` : "") +
      `; with 0 lost digits and >= 95% of packets delivered (any p99): ${maxKept}; load average at end: ${r2(loadEnd)}`,
  );
  const top = rows[rows.length - 1] as (typeof rows)[number];
  report({
    bench: "media-edge",
    unit: `edge process CPU us per stream-second delivered at N=${top.edge.n}`,
    ours: r1(top.edge.edgeCpuUs),
    peers: { "sipp-rtp_stream": r1(top.sipp.cpuUs) },
    goal: "CPU per stream <= 2x SIPp's rtp_stream; >= 1,000 concurrent media calls on 2 cores with p99 interval error <= 5 ms and 0 lost digits",
    ratio: r2(top.edge.edgeCpuUs / top.sipp.cpuUs),
    maxN,
    maxNAnyP99: maxKept,
    ...(kernelStamps ? { maxNKernelStamped: maxNStamped } : {}),
    rows: rows.map((r) => ({
      n: r.edge.n,
      load: r2(r.load),
      edgeCpuUs: r1(r.edge.edgeCpuUs),
      sippCpuUs: r1(r.sipp.cpuUs),
      edgeIntervalP50: r2(r.edge.rx.p50),
      edgeIntervalP99: r2(r.edge.rx.p99),
      sippIntervalP50: r2(r.sipp.rx.p50),
      sippIntervalP99: r2(r.sipp.rx.p99),
      edgeDelivered: r2(deliveredShare(r.edge.rx, r.edge.n)),
      ...(r.edge.stamped && r.sipp.stamped
        ? {
            edgeStampedP50: r2(r.edge.stamped.p50),
            edgeStampedP99: r2(r.edge.stamped.p99),
            sippStampedP50: r2(r.sipp.stamped.p50),
            sippStampedP99: r2(r.sipp.stamped.p99),
          }
        : {}),
      lostDigits: r.edge.lost,
      digitP50: r1(percentile(r.edge.digitLatencies, 50)),
      digitP99: r1(percentile(r.edge.digitLatencies, 99)),
    })),
    loadAverage: [r2(loadStart), r2(loadEnd)],
  });
}

await (edgeMode ? mainEdge() : main());
process.exit(0);
