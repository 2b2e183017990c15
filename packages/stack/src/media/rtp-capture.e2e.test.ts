// A call's RTP in its pcap, on the real path: the local stack's functions in this process
// (dynalite, s3rver, the decision function, the API), the edge with media, SIPp for the caller's
// SIP and the test's own socket for its RTP (rtp-peer.ts). A flow with settings.captureRtp plays
// a prompt while the caller speaks, then hangs up; the pcap fetched through the API with
// ?media=rtp holds the SIP messages and RTP both ways (tshark), and only for the call's tenant.
// The same flow without the setting leaves no capture. Every wait is on a packet or an event.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { loadConfig, type RunningEdge, startEdge } from "@ringflow/edge";
import type { CallTrace } from "@ringflow/flow/protocol";
import { issueApiKey, type LocalStack, startLocalStack } from "@ringflow/functions";
import { decodeG711, writeWav } from "@ringflow/media";
import { LOCAL_BUCKETS, rtpCapturePrefix } from "@ringflow/names";
import { describeWithTools } from "@ringflow/testkit";
import { pcapRtp, RtpPeer } from "./rtp-peer.js";
import { publishOnNumber, SippProcesses, sendInfo } from "./sipp.js";

const root = process.cwd();
const scenario = (name: string) => join(root, "edge", "test", "scenarios", `${name}.sipp.xml`);
const TENANT = "demo";
const PROMPT = { audio: "prompts/test/capture-2s.wav" };

jest.setTimeout(60_000);

let stack: LocalStack;
let edge: RunningEdge;
/** An edge whose recordings bucket does not exist: every capture fails to store. */
let edgeNoBucket: RunningEdge;
/** An edge whose operator switched capture off (--rtp-capture-mb 0). */
let edgeNoCapture: RunningEdge;
let dataDir: string;
let demoKey: string;
const traces: CallTrace[] = [];
const traceWaiters: { number: string; resolve: (t: CallTrace) => void }[] = [];
const children = new Set<ChildProcess>();

function waitTrace(number: string, ms = 30_000): Promise<CallTrace> {
  const seen = traces.find((t) => t.number === number);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no trace for ${number}`)), ms);
    traceWaiters.push({
      number,
      resolve: (x) => {
        clearTimeout(t);
        resolve(x);
      },
    });
  });
}

const sippProcesses = new SippProcesses();
const sipp = (args: string[]) => sippProcesses.run(args);

/** SIPp as the caller (its RTP is `rtpPort`, the test's socket), with a Call-ID the test knows. */
function sippCaller(number: string, rtpPort: number, callId: string, via: RunningEdge = edge) {
  return sipp([
    "-sf",
    scenario("media-caller"),
    "-s",
    number,
    "-key",
    "rtp_port",
    String(rtpPort),
    "-cid_str",
    callId,
    `127.0.0.1:${via.edge.port}`,
  ]);
}

const hangUp = (sippPort: number, callId: string) => sendInfo(sippPort, callId);

/**
 * start -> play (2 s of speech) -> hangup, on `number`, with or without RTP capture; with
 * `bridgeTo` the play is followed by a bridge there (anchored media: the edge relays RTP).
 */
async function publishPlay(number: string, captureRtp: boolean, bridgeTo?: string): Promise<void> {
  const doc = {
    version: 1,
    name: `Capture ${captureRtp ? "on" : "off"}`,
    entry: "start",
    nodes: {
      start: { type: "start", next: "hello" },
      hello: { type: "play", prompt: PROMPT, next: bridgeTo ? "sales" : "bye" },
      ...(bridgeTo
        ? { sales: { type: "forward", mode: "bridge", targets: [{ uri: bridgeTo }], failed: "bye" } }
        : {}),
      bye: { type: "hangup" },
    },
    settings: { language: "en-US", ...(captureRtp ? { captureRtp: true } : {}) },
    layout: {},
  };
  const flowId = `capture-${captureRtp ? "on" : "off"}-${number.slice(-3)}`;
  await publishOnNumber(stack, { number, tenantId: TENANT, flowId, doc });
}

const s3rver = () =>
  new S3Client({
    region: "us-east-1",
    endpoint: stack.urls.s3,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });

function api(key: string, path: string): Promise<Response> {
  return fetch(`${stack.urls.api}${path}`, { headers: { Authorization: `Bearer ${key}` } });
}

/** One call: SIPp dials, the test's socket streams the caller's audio until the edge hangs up. */
async function call(
  number: string,
  via: RunningEdge = edge,
): Promise<{ trace: CallTrace; heard: number; sent: number }> {
  const peer = await new RtpPeer("PCMA").start();
  let sent = 0;
  const send = peer.socket.send.bind(peer.socket);
  peer.socket.send = ((...args: Parameters<typeof send>) => {
    sent++;
    return send(...args);
  }) as typeof peer.socket.send;
  const caller = await sippCaller(number, peer.port, `capture-${number.slice(-3)}-${Date.now()}@test`, via);
  try {
    await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
    peer.stream();
    await peer.until("the prompt (speech energy)", () => peer.speaking());
    const code = await caller.done; // the edge hung up after the prompt; SIPp answered its BYE
    if (code !== 0) throw new Error(caller.output());
  } finally {
    peer.close();
  }
  return { trace: await waitTrace(number), heard: peer.heard.length, sent };
}

/** The `ringflow` CLI as a child process (the API runs in this process: never spawnSync). */
function ringflow(args: string[], key: string): Promise<{ code: number; stdout: string }> {
  const child = spawn(
    join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=@ringflow/source", join(root, "packages", "cli", "src", "main.ts"), ...args],
    { cwd: dataDir, env: { ...process.env, RINGFLOW_API: stack.urls.api, RINGFLOW_KEY: key } },
  );
  children.add(child);
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      children.delete(child);
      resolve({ code: code ?? 1, stdout });
    }),
  );
}

const tshark = (file: string, filter: string, fields: string[]) =>
  execFileSync("tshark", ["-r", file, "-Y", filter, "-T", "fields", ...fields.flatMap((f) => ["-e", f])], {
    encoding: "utf8",
  })
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.split("\t"));

describeWithTools(["sipp", "tshark"], "RTP capture in a call's pcap (SIPp, s3rver, the API, tshark)", () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "ringflow-capture-"));
    stack = await startLocalStack({
      dataDir,
      inMemory: true,
      receptionFile: join(root, "examples", "reception.flow.json"),
    });
    demoKey = readFileSync(join(dataDir, "demo-api-key"), "utf8").trim();
    const ingest = stack.functions.get("ringflow-traces");
    if (!ingest) throw new Error("no traces function");
    stack.functions.set("ringflow-traces", async (e) => {
      // Stored first, so a trace the test hears of is one the API can serve.
      const r = await ingest(e);
      for (const t of (e as { traces: CallTrace[] }).traces) {
        traces.push(t);
        for (const w of traceWaiters.filter((x) => x.number === t.number)) {
          traceWaiters.splice(traceWaiters.indexOf(w), 1);
          w.resolve(t);
        }
      }
      return r;
    });
    const speech = decodeG711(
      "PCMA",
      Buffer.concat(
        pcapRtp("g711a.pcap")
          .slice(50, 117)
          .map((p) => p.payload),
      ),
    );
    await s3rver().send(
      new PutObjectCommand({ Bucket: LOCAL_BUCKETS.prompts, Key: PROMPT.audio, Body: writeWav(speech) }),
    );
    // Below the ephemeral range (32768+), where freePort finds the ports other tests bind.
    const base = 20_000 + Math.floor(Math.random() * 100) * 100;
    const cfg = loadConfig({}, [
      "--listen",
      "127.0.0.1:0",
      "--invoke-endpoint",
      stack.urls.invoke,
      "--s3-endpoint",
      stack.urls.s3,
      "--rtp-ports",
      `${base}-${base + 19}`,
    ]);
    cfg.traceFlushMs = 20;
    edge = await startEdge(cfg);
    const noBucket = loadConfig({}, [
      "--listen",
      "127.0.0.1:0",
      "--invoke-endpoint",
      stack.urls.invoke,
      "--s3-endpoint",
      stack.urls.s3,
      "--rtp-ports",
      `${base + 20}-${base + 29}`,
      "--recordings-bucket",
      "ringflow-no-such-bucket",
    ]);
    noBucket.traceFlushMs = 20;
    edgeNoBucket = await startEdge(noBucket);
    const noCapture = loadConfig({}, [
      "--listen",
      "127.0.0.1:0",
      "--invoke-endpoint",
      stack.urls.invoke,
      "--s3-endpoint",
      stack.urls.s3,
      "--rtp-ports",
      `${base + 30}-${base + 39}`,
      "--rtp-capture-mb",
      "0",
    ]);
    noCapture.traceFlushMs = 20;
    edgeNoCapture = await startEdge(noCapture);
  });

  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    sippProcesses.killAll();
    await edge?.close();
    await edgeNoBucket?.close();
    await edgeNoCapture?.close();
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("capture on: the pcap (?media=rtp) holds the SIP ladder and RTP both ways, for the call's tenant only", async () => {
    const number = "+15550000701";
    await publishPlay(number, true);
    const { trace, heard, sent } = await call(number);
    const cap = trace.rtpCapture;
    expect(cap?.key.startsWith(rtpCapturePrefix(TENANT))).toBe(true);
    expect(cap?.truncatedBy).toBeUndefined();

    const res = await api(demoKey, `/v1/calls/${encodeURIComponent(trace.callId)}/pcap?media=rtp`);
    expect(res.status).toBe(200);
    const file = join(dataDir, "on.pcap");
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));

    // SIP: the whole dialog, as the trace has it.
    const sip = tshark(file, "sip", ["sip.Method", "sip.Status-Code"]).map((r) => r.join(""));
    expect(sip).toEqual(expect.arrayContaining(["INVITE", "200", "ACK", "BYE"]));
    expect(sip).toHaveLength(trace.sip.length);

    // RTP, found by tshark from the SDP: the edge's prompt to the caller and the caller's audio
    // to the edge; every packet either side counted is in the file (the socket saw them all).
    const rtp = tshark(file, "rtp", ["ip.src", "udp.srcport", "ip.dst", "udp.dstport", "rtp.p_type"]);
    const edgePort = Number(
      /m=audio (\d+)/.exec(trace.sip.find((m) => m.summary.startsWith("200"))?.raw ?? "")?.[1],
    );
    const toCaller = rtp.filter((r) => Number(r[1]) === edgePort);
    const fromCaller = rtp.filter((r) => Number(r[3]) === edgePort);
    expect(toCaller.length).toBeGreaterThanOrEqual(heard);
    expect(toCaller.length).toBeGreaterThan(50); // 2 s of prompt at 20 ms
    expect(fromCaller.length).toBeGreaterThan(10);
    expect(fromCaller.length).toBeLessThanOrEqual(sent);
    expect(rtp.every((r) => r[4] === "8" || r[4] === "101")).toBe(true);
    expect(cap?.packets).toBeGreaterThanOrEqual(rtp.length);

    // Time order: the INVITE first, RTP only after the 200 that answered it.
    const order = tshark(file, "sip || rtp", ["frame.protocols", "sip.Status-Code", "sip.Method"]);
    expect(order[0]?.[2]).toBe("INVITE");
    const firstRtp = order.findIndex((r) => r[0]?.includes("rtp"));
    const ok = order.findIndex((r) => r[1] === "200");
    expect(ok).toBeGreaterThan(0);
    expect(firstRtp).toBeGreaterThan(ok);

    // The CLI writes the same file.
    const cli = await ringflow(
      ["call", "show", trace.callId, "--pcap", "--rtp", "--out", "cli.pcap"],
      demoKey,
    );
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ file: "cli.pcap", rtp: true });
    expect(readFileSync(join(dataDir, "cli.pcap"))).toEqual(readFileSync(file));

    // Another tenant's key cannot see the call, nor its audio.
    const other = await issueApiKey(stack.store, { tenantId: "other", role: "publisher", name: "other" });
    expect((await api(other, `/v1/calls/${encodeURIComponent(trace.callId)}/pcap?media=rtp`)).status).toBe(
      404,
    );
    expect((await api(other, `/v1/calls/${encodeURIComponent(trace.callId)}/pcap`)).status).toBe(404);
  });

  test("capture on, bridged after the prompt: the pcap holds both legs' RTP, both ways, the callee's echo included", async () => {
    const number = "+15550000703";
    const callee = await sipp(["-sf", scenario("media-callee-echo"), "-rtp_echo"]);
    await publishPlay(number, true, `sip:alice@127.0.0.1:${callee.port}`);
    const peer = await new RtpPeer("PCMA").start();
    const callId = `capture-bridge-${Date.now()}@test`;
    const caller = await sippCaller(number, peer.port, callId);
    try {
      await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
      peer.stream();
      await peer.until("the prompt (speech energy)", () => peer.speaking());
      // Bridged: what the caller says comes back from SIPp's echo, through both relayed legs.
      const speech = pcapRtp("g711a.pcap")
        .slice(20, 120)
        .map((p) => p.payload);
      const said = new Set(speech.map((b) => b.toString("hex")));
      const from = peer.heard.length;
      void peer.say(speech);
      await peer.until(
        "the caller's own audio echoed back",
        () => peer.heard.slice(from).filter((h) => said.has(h.payload.toString("hex"))).length >= 10,
      );
      hangUp(caller.port, callId);
      const codes = [await caller.done, await callee.done];
      if (codes[0] !== 0) throw new Error(caller.output());
      expect(codes).toEqual([0, 0]);
    } finally {
      peer.close();
    }
    const trace = await waitTrace(number);
    expect(trace.rtpCapture?.key.startsWith(rtpCapturePrefix(TENANT))).toBe(true);
    const res = await api(demoKey, `/v1/calls/${encodeURIComponent(trace.callId)}/pcap?media=rtp`);
    expect(res.status).toBe(200);
    const file = join(dataDir, "bridged.pcap");
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    // The SDP of each leg: the edge's answer to the caller, its offer to the callee, the callee's answer.
    const sdpPort = (m?: { raw: string }) => Number(/m=audio (\d+)/.exec(m?.raw ?? "")?.[1]);
    const edgeA = sdpPort(
      trace.sip.find((m) => m.leg === "a" && m.dir === "out" && m.summary.startsWith("200")),
    );
    const edgeB = sdpPort(
      trace.sip.find((m) => m.leg !== "a" && m.dir === "out" && m.summary.startsWith("INVITE")),
    );
    const calleeMedia = sdpPort(
      trace.sip.find((m) => m.leg !== "a" && m.dir === "in" && m.summary.startsWith("200")),
    );
    expect([edgeA, edgeB, calleeMedia].every((p) => p > 0)).toBe(true);
    const rtp = tshark(file, "rtp", ["udp.srcport", "udp.dstport"]).map(([a, b]) => `${a}>${b}`);
    const count = (k: string) => rtp.filter((r) => r === k).length;
    expect(count(`${peer.port}>${edgeA}`)).toBeGreaterThan(50); // the caller's stream and its speech
    expect(count(`${edgeA}>${peer.port}`)).toBeGreaterThan(50); // prompt, ringback, the echo relayed
    expect(count(`${edgeB}>${calleeMedia}`)).toBeGreaterThanOrEqual(10); // the caller relayed to the callee
    expect(count(`${calleeMedia}>${edgeB}`)).toBeGreaterThanOrEqual(10); // the callee's echo (10 heard back)
  });

  test("capture on, the store refuses: the call ends normally, its trace says the capture failed and names no key", async () => {
    const number = "+15550000704";
    await publishPlay(number, true);
    const { trace, heard } = await call(number, edgeNoBucket);
    expect(heard).toBeGreaterThan(50);
    expect(trace.outcome).toBe("hungup");
    expect(trace.rtpCapture).toBeUndefined();
    expect(trace.media).toContainEqual(
      expect.objectContaining({
        action: "capture",
        outcome: "failed",
        detail: expect.stringMatching(/not stored/),
      }),
    );
    expect((await api(demoKey, `/v1/calls/${encodeURIComponent(trace.callId)}/pcap?media=rtp`)).status).toBe(
      404,
    );
  });

  test("capture on in the flow, off on the edge (--rtp-capture-mb 0): nothing is captured", async () => {
    const number = "+15550000705";
    await publishPlay(number, true);
    const { trace, heard } = await call(number, edgeNoCapture);
    expect(heard).toBeGreaterThan(50);
    expect(trace.rtpCapture).toBeUndefined();
    expect(trace.media?.some((m) => m.action === "capture")).toBe(false);
  });

  test("capture off (the default): no capture stored, no RTP in the pcap, ?media=rtp is 404", async () => {
    const number = "+15550000702";
    await publishPlay(number, false);
    const { trace, heard } = await call(number);
    expect(heard).toBeGreaterThan(50); // the call had media
    expect(trace.rtpCapture).toBeUndefined();
    const id = encodeURIComponent(trace.callId);
    expect((await api(demoKey, `/v1/calls/${id}/pcap?media=rtp`)).status).toBe(404);
    const cli = await ringflow(["call", "show", trace.callId, "--pcap", "--rtp"], demoKey);
    expect(cli.code).toBe(3);
    expect(JSON.parse(cli.stdout)).toMatchObject({ error: "not_found", status: 404 });
    const res = await api(demoKey, `/v1/calls/${id}/pcap`);
    expect(res.status).toBe(200);
    const file = join(dataDir, "off.pcap");
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    expect(tshark(file, "rtp", ["rtp.seq"])).toEqual([]);
    expect(tshark(file, "sip", ["sip.CSeq.method"]).length).toBe(trace.sip.length);
    const key = `${rtpCapturePrefix(TENANT)}${trace.callId.replace(/[^A-Za-z0-9._-]/g, "_")}.pcap`;
    await expect(
      s3rver().send(new GetObjectCommand({ Bucket: LOCAL_BUCKETS.recordings, Key: key })),
    ).rejects.toMatchObject({ name: "NoSuchKey" });
  });
});
