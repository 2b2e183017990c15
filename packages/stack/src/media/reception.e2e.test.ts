// The demo reception flow on real calls: the functions of the local stack in this process
// (dynalite, s3rver, the decision function with the interpreter, the prompts function), the
// edge with media, SIPp for the caller's and the callee's SIP, and the caller's RTP played by
// the test (rtp-peer.ts) from SIPp's own captures. Every wait is on a packet or an event.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { loadConfig, type RunningEdge, startEdge } from "@ringflow/edge";
import type { CallTrace, DecisionEvent } from "@ringflow/flow/protocol";
import { type LocalStack, startLocalStack } from "@ringflow/functions";
import { AudioClip, decodeG711, levelDb, writeWav } from "@ringflow/media";
import { LOCAL_BUCKETS } from "@ringflow/names";
import { describeWithTools, freePort } from "@ringflow/testkit";
import { pcapRtp, RtpPeer } from "./rtp-peer.js";
import { publishOnNumber, SippNotices, SippProcesses, sendInfo } from "./sipp.js";

const root = process.cwd();
const scenarioPath = (name: string) => join(root, "edge", "test", "scenarios", `${name}.sipp.xml`);
const TENANT = "demo";

jest.setTimeout(60_000);

let stack: LocalStack;
let edge: RunningEdge;
let edgeOnePair: RunningEdge;
let dataDir: string;
const events: DecisionEvent[] = [];
const traces: CallTrace[] = [];
const eventWaiters: { pred: (e: DecisionEvent) => boolean; resolve: (e: DecisionEvent) => void }[] = [];

const traceWaiters: { number: string; resolve: (t: CallTrace) => void }[] = [];

function waitTrace(number: string, ms = 20_000): Promise<CallTrace> {
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

function nextEvent(pred: (e: DecisionEvent) => boolean, ms = 30_000): Promise<DecisionEvent> {
  const seen = events.find(pred);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("timed out waiting for a decision event")), ms);
    eventWaiters.push({
      pred,
      resolve: (e) => {
        clearTimeout(t);
        resolve(e);
      },
    });
  });
}

const sippProcesses = new SippProcesses();
const sipp = (args: string[]) => sippProcesses.run(args);
/** Steps a SIPp scenario (media-caller hangs up; media-caller-hold and media-callee-holds re-INVITE). */
const hangUp = sendInfo;

/** Short audio prompts in the bucket: 2 s of SIPp's recorded speech, and a 300 ms tone. */
const SHORT_MENU = { audio: "prompts/test/menu-2s.wav" };
const SHORT_RETRY = { audio: "prompts/test/tone.wav" };

/**
 * The reception example with its hours forced open or closed and sales ringing `salesUri`;
 * `short`: the menu speaks 2 s, retries once with 500 ms timers (no-input and no-match tests).
 */
async function publishReception(number: string, variant: "open" | "closed", salesUri: string, short = false) {
  const doc = JSON.parse(readFileSync(join(root, "examples", "reception.flow.json"), "utf8"));
  const hours = doc.nodes.hours;
  if (variant === "open") hours.closed = hours.holiday = "menu";
  else hours.open = "closed-msg";
  doc.nodes.sales.targets = [{ uri: salesUri }];
  if (short) {
    Object.assign(doc.nodes.menu, {
      prompt: SHORT_MENU,
      noInputPrompt: SHORT_RETRY,
      noMatchPrompt: SHORT_RETRY,
      retries: 1,
      firstDigitTimeoutMs: 500,
      interDigitTimeoutMs: 500,
    });
  }
  const flowId = `reception-${variant}-${number.slice(-3)}`;
  await publishOnNumber(stack, { number, tenantId: TENANT, flowId, doc });
}

/**
 * A SIPp caller (media-caller-hold) whose RTP is `peer`: at each of the test's INFOs it holds or
 * takes the call back with a re-INVITE, and tells `notify` when the 200 was checked and ACKed.
 */
async function holdingCaller(number: string, name: string) {
  const peer = await new RtpPeer("PCMA").start();
  const notify = await SippNotices.open();
  const callId = `${name}-${Date.now()}@test`;
  const caller = await sipp([
    ...["-sf", scenarioPath("media-caller-hold"), "-s", number],
    ...["-key", "rtp_port", String(peer.port), "-key", "notify_port", String(notify.port)],
    ...["-cid_str", callId, `127.0.0.1:${edge.edge.port}`],
  ]);
  return { peer, notify, caller, callId };
}

const s3rver = () =>
  new S3Client({
    region: "us-east-1",
    endpoint: stack.urls.s3,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });

describeWithTools(
  ["sipp", "sox"],
  "the reception flow on real calls (SIPp, s3rver, the decision function)",
  () => {
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), "ringflow-reception-"));
      stack = await startLocalStack({
        dataDir,
        inMemory: true,
        receptionFile: join(root, "examples", "reception.flow.json"),
      });
      // Watch what the flow hears from the edge.
      const decide = stack.functions.get("ringflow-decision")!;
      stack.functions.set("ringflow-decision", async (e) => {
        const ev = e as DecisionEvent;
        events.push(ev);
        for (const w of [...eventWaiters])
          if (w.pred(ev)) {
            eventWaiters.splice(eventWaiters.indexOf(w), 1);
            w.resolve(ev);
          }
        return decide(e);
      });
      const ingest = stack.functions.get("ringflow-traces")!;
      stack.functions.set("ringflow-traces", async (e) => {
        for (const t of (e as { traces: CallTrace[] }).traces) {
          traces.push(t);
          for (const w of traceWaiters.filter((x) => x.number === t.number)) {
            traceWaiters.splice(traceWaiters.indexOf(w), 1);
            w.resolve(t);
          }
        }
        return ingest(e);
      });
      const g711a = pcapRtp("g711a.pcap");
      const put = (key: string, pcm: Int16Array) =>
        s3rver().send(new PutObjectCommand({ Bucket: LOCAL_BUCKETS.prompts, Key: key, Body: writeWav(pcm) }));
      await put(
        SHORT_MENU.audio,
        decodeG711("PCMA", Buffer.concat(g711a.slice(50, 117).map((p) => p.payload))),
      );
      await put(SHORT_RETRY.audio, AudioClip.tone([600], 300, 0.3).pcm);
      if (!stack.functions.has("ringflow-prompts")) {
        // Until the prompts function is part of the stack: every text prompt is SIPp's recorded speech.
        const speech = decodeG711("PCMA", Buffer.concat(pcapRtp("g711a.pcap").map((p) => p.payload)));
        const s3 = s3rver();
        await s3.send(
          new PutObjectCommand({
            Bucket: LOCAL_BUCKETS.prompts,
            Key: "prompts/test/speech.wav",
            Body: writeWav(speech),
          }),
        );
        stack.functions.set("ringflow-prompts", async () => ({
          engine: "espeak",
          results: [{ key: "prompts/test/speech.wav", status: "cached", tookMs: 0 }],
        }));
      }
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
        `${base}-${base + 89}`,
        // A caller whose RTP stops is hung up after 2 s (every other test's caller keeps sending).
        "--rtp-timeout-sec",
        "2",
        // The reflection guard at 1 s (default 3): every caller here streams from the edge's first
        // packet on and never meets it; the one that never sends is cut off after 1 s of RTP.
        "--rtp-unheard-send-ms",
        "1000",
      ]);
      cfg.traceFlushMs = 20;
      edge = await startEdge(cfg);
      // A second edge with one RTP port pair (exhaustion), drained in its test.
      const one = loadConfig({}, [
        "--listen",
        "127.0.0.1:0",
        "--invoke-endpoint",
        stack.urls.invoke,
        "--s3-endpoint",
        stack.urls.s3,
        "--rtp-ports",
        `${base + 90}-${base + 91}`,
        "--retry-after",
        "9",
      ]);
      one.traceFlushMs = 20;
      edgeOnePair = await startEdge(one);
    });

    afterAll(async () => {
      sippProcesses.killAll();
      await edge?.close();
      await edgeOnePair?.close();
      await stack?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const edgeAddr = () => `127.0.0.1:${edge.edge.port}`;

    test("open hours: the caller hears the menu, presses 1, and is bridged with media through the edge (echo)", async () => {
      const number = "+15550000301";
      const callee = await sipp(["-sf", scenarioPath("media-callee-echo"), "-rtp_echo"]);
      await publishReception(number, "open", `sip:alice@127.0.0.1:${callee.port}`);
      const peer = await new RtpPeer("PCMA").start();
      const callId = `open-${Date.now()}@test`;
      const caller = await sipp([
        "-sf",
        scenarioPath("media-caller"),
        "-s",
        number,
        "-key",
        "rtp_port",
        String(peer.port),
        "-cid_str",
        callId,
        edgeAddr(),
      ]);
      try {
        // The edge answered and streams: the caller speaks back (silence) from then on.
        await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
        peer.stream();
        await peer.until("the menu prompt (speech energy)", () => peer.speaking());
        await peer.press("1");
        const collected = await nextEvent((e) => e.type === "collect.done" && e.call.to.includes(number));
        expect(collected).toMatchObject({ data: { digits: "1", outcome: "complete" } });
        // Bridged: what the caller says comes back from SIPp's echo, through both relayed legs.
        const speech = pcapRtp("g711a.pcap")
          .slice(20, 120)
          .map((p) => p.payload);
        const sent = new Set(speech.map((b) => b.toString("hex")));
        const from = peer.heard.length;
        void peer.say(speech);
        await peer.until(
          "the caller's own audio echoed back",
          () => peer.heard.slice(from).filter((h) => sent.has(h.payload.toString("hex"))).length >= 10,
        );
        hangUp(caller.port, callId);
        expect([await caller.done, await callee.done]).toEqual([0, 0]);
      } finally {
        peer.close();
      }
      if ((await caller.done) !== 0) throw new Error(caller.output());
    });

    test.each([
      ["application/dtmf-relay", "Signal=1", "+15550000311"],
      ["application/dtmf", "1", "+15550000312"],
    ])(
      "open hours, the key pressed with SIP INFO (%s): 200 to the INFO, the menu takes 1, bridged",
      async (type, body, number) => {
        const callee = await sipp(["-sf", scenarioPath("media-callee-echo"), "-rtp_echo"]);
        await publishReception(number, "open", `sip:alice@127.0.0.1:${callee.port}`);
        const peer = await new RtpPeer("PCMA").start();
        const callId = `info-${number.slice(-3)}-${Date.now()}@test`;
        const caller = await sipp([
          "-sf",
          scenarioPath("media-caller-info"),
          "-s",
          number,
          "-key",
          "rtp_port",
          String(peer.port),
          "-key",
          "info_type",
          type,
          "-key",
          "info_body",
          body,
          "-cid_str",
          callId,
          edgeAddr(),
        ]);
        try {
          await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
          peer.stream();
          await peer.until("the menu prompt (speech energy)", () => peer.speaking());
          // SIPp sends its INFO now and fails its scenario unless the edge answers it 200.
          hangUp(caller.port, callId, "press");
          const collected = await nextEvent((e) => e.type === "collect.done" && e.call.to.includes(number));
          expect(collected).toMatchObject({ data: { digits: "1", outcome: "complete" } });
          // The menu's "1" bridges to sales: the caller's audio comes back through SIPp's echo.
          const speech = pcapRtp("g711a.pcap")
            .slice(20, 120)
            .map((p) => p.payload);
          const sent = new Set(speech.map((b) => b.toString("hex")));
          const from = peer.heard.length;
          void peer.say(speech);
          await peer.until(
            "the caller's own audio echoed back",
            () => peer.heard.slice(from).filter((h) => sent.has(h.payload.toString("hex"))).length >= 10,
          );
          hangUp(caller.port, callId);
          const codes = [await caller.done, await callee.done];
          if (codes[0] !== 0) throw new Error(caller.output());
          expect(codes).toEqual([0, 0]);
        } finally {
          peer.close();
        }
        const trace = await waitTrace(number);
        expect(trace.sip.some((m) => m.dir === "in" && m.summary.startsWith("INFO"))).toBe(true);
      },
    );

    test("hold during the menu prompt and once bridged: re-INVITE sendonly -> 200 recvonly and no RTP to the caller; sendrecv -> 200 sendrecv and RTP again; the key still bridges", async () => {
      const number = "+15550000307";
      const callee = await sipp(["-sf", scenarioPath("media-callee-echo"), "-rtp_echo"]);
      await publishReception(number, "open", `sip:alice@127.0.0.1:${callee.port}`);
      const { peer, notify, caller, callId } = await holdingCaller(number, "hold");
      const reinvited = (cseq: number) => notify.reinvited(cseq);
      const step = (name: string) => hangUp(caller.port, callId, name);
      /** RTP packets the edge sent the caller while the caller sent 50 (1 s of its stream). */
      const heardWhileCallerSends50 = async () => {
        const heard = peer.heard.length;
        const sent = peer.sent;
        await peer.until("50 packets of the caller's stream", () => peer.sent >= sent + 50);
        return peer.heard.length - heard;
      };
      /** Hold (re-INVITE `cseq`, a=sendonly): its 200 (recvonly) is checked by SIPp; then silence. */
      const hold = async (cseq: number) => {
        const asked = performance.now();
        step(`hold-${cseq}`);
        await reinvited(cseq);
        const tookMs = performance.now() - asked;
        expect(await heardWhileCallerSends50()).toBe(0);
        return tookMs;
      };
      /** Unhold (a=sendrecv): 200 sendrecv, and the edge's RTP comes back. */
      const unhold = async (cseq: number, what: string, heard: (from: number) => boolean) => {
        const from = peer.heard.length;
        step(`unhold-${cseq}`);
        await reinvited(cseq);
        await peer.until(what, () => heard(from));
      };
      try {
        await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
        peer.stream();
        await peer.until("the menu prompt (speech energy)", () => peer.speaking());
        // Held while the menu speaks: the prompt goes on in the edge, unheard (RFC 3264 §8.4).
        await hold(2);
        await unhold(3, "the edge's RTP again (menu)", (from) => peer.heard.length >= from + 10);
        await peer.press("1");
        const collected = await nextEvent(
          (e) => e.type === "collect.done" && e.call.to.includes(number) && e.data.digits === "1",
        );
        expect(collected).toMatchObject({ data: { outcome: "complete" } });
        // Bridged (anchored media): the caller's audio comes back from SIPp's echo.
        const speech = pcapRtp("g711a.pcap")
          .slice(20, 120)
          .map((p) => p.payload);
        const sent = new Set(speech.map((b) => b.toString("hex")));
        const echoed = (from: number) =>
          peer.heard.slice(from).filter((h) => sent.has(h.payload.toString("hex"))).length >= 10;
        let from = peer.heard.length;
        void peer.say(speech);
        await peer.until("the caller's own audio echoed back", () => echoed(from));
        // Held while bridged: the relay keeps the callee's echo from the caller.
        await hold(4);
        from = peer.heard.length;
        void peer.say(speech);
        await unhold(5, "the echo again after unhold", () => echoed(from));
        step("hangup");
        const codes = [await caller.done, await callee.done];
        if (codes[0] !== 0) throw new Error(caller.output());
        expect(codes).toEqual([0, 0]);
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${caller.output()}`);
      } finally {
        peer.close();
        notify.close();
      }
      // The ladder holds the edge's answers: recvonly twice (holds), then sendrecv again.
      const trace = await waitTrace(number);
      const answers = trace.sip
        .filter((m) => m.dir === "out" && /^SIP\/2\.0 200/.test(m.raw) && /CSeq: [2-5] INVITE/.test(m.raw))
        .map((m) => /a=(sendrecv|recvonly|sendonly|inactive)/.exec(m.raw)?.[1]);
      expect([...new Set(answers)].length).toBe(2);
      expect(answers.filter((d) => d === "recvonly").length).toBeGreaterThanOrEqual(2);
    });

    test("a caller that holds with a=sendonly and then sends nothing at all is not hung up at the RTP timeout (2 s here): the hold timeout applies; taken back, the call goes on", async () => {
      const number = "+15550000310";
      await publishReception(number, "open", "sip:nobody@127.0.0.1:9");
      const { peer, notify, caller, callId } = await holdingCaller(number, "held-silent");
      const reinvited = (cseq: number) => notify.reinvited(cseq);
      const step = (name: string) => hangUp(caller.port, callId, name);
      try {
        await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
        peer.stream();
        await peer.until("the menu prompt (speech energy)", () => peer.speaking());
        step("hold-2");
        await reinvited(2);
        // Held, and silent: no RTP, no RTCP, for half again the RTP timeout. Before the hold
        // timeout the edge hung up here (media-caller-hold fails on a BYE in place of its INFO).
        peer.pause();
        await new Promise((r) => setTimeout(r, 3_000));
        peer.stream();
        const from = peer.heard.length;
        step("unhold-3");
        await reinvited(3);
        await peer.until("the edge's RTP again after unhold", () => peer.heard.length >= from + 10);
        step("hold-4");
        await reinvited(4);
        step("unhold-5");
        await reinvited(5);
        step("hangup");
        const code = await caller.done;
        if (code !== 0) throw new Error(caller.output());
      } finally {
        peer.close();
        notify.close();
      }
      const trace = await waitTrace(number);
      expect(trace.media?.find((m) => m.action === "inactivity")).toBeUndefined();
      expect(trace.sip.filter((m) => m.dir === "out" && m.summary.startsWith("BYE"))).toEqual([]);
    });

    test("the callee holds an anchored bridge: its re-INVITE sendonly -> 200 recvonly from the edge, the caller's audio stops reaching it (no echo) and the caller sees no re-INVITE; sendrecv -> 200 sendrecv and the echo is back", async () => {
      const number = "+15550000309";
      // media-callee-holds sends a datagram here once answered (its Call-ID) and once each of its
      // re-INVITEs' 200 is checked and ACKed.
      const notify = await SippNotices.open();
      const told = (what: (m: string) => boolean, label: string) => notify.next(label, what);
      const callee = await sipp([
        "-sf",
        scenarioPath("media-callee-holds"),
        "-rtp_echo",
        "-key",
        "notify_port",
        String(notify.port),
      ]);
      await publishReception(number, "open", `sip:alice@127.0.0.1:${callee.port}`);
      const peer = await new RtpPeer("PCMA").start();
      const callId = `callee-hold-${Date.now()}@test`;
      const caller = await sipp([
        "-sf",
        scenarioPath("media-caller"),
        "-s",
        number,
        "-key",
        "rtp_port",
        String(peer.port),
        "-cid_str",
        callId,
        edgeAddr(),
      ]);
      const pcap = pcapRtp("g711a.pcap").map((p) => p.payload);
      /** The caller says `speech`; resolves with how many of its packets came back (the echo). */
      const echoedOf = (speech: Buffer[]) => {
        const sent = new Set(speech.map((b) => b.toString("hex")));
        const from = peer.heard.length;
        return {
          said: peer.say(speech),
          count: () => peer.heard.slice(from).filter((h) => sent.has(h.payload.toString("hex"))).length,
        };
      };
      try {
        await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
        peer.stream();
        await peer.until("the menu prompt (speech energy)", () => peer.speaking());
        await peer.press("1");
        await nextEvent(
          (e) => e.type === "collect.done" && e.call.to.includes(number) && e.data.digits === "1",
        );
        const answered = await told((m) => m.startsWith("answered-"), "answered");
        const calleeCallId = answered.slice("answered-".length);
        const before = echoedOf(pcap.slice(20, 70));
        await peer.until("the caller's own audio echoed back", () => before.count() >= 10);
        // The callee holds: the edge answers recvonly from the session it offered the callee and
        // sends it nothing more, so SIPp's echo falls silent (RFC 3264 §8.4).
        hangUp(callee.port, calleeCallId, "callee-hold");
        await told((m) => m === "reinvite-2", "its hold answered");
        const held = echoedOf(pcap.slice(70, 120));
        await held.said;
        // Half a second more of the caller's stream for anything in flight: no echo of the held speech.
        const sentAfter = peer.sent;
        await peer.until("25 more packets of the caller's stream", () => peer.sent >= sentAfter + 25);
        expect(held.count()).toBe(0);
        hangUp(callee.port, calleeCallId, "callee-unhold");
        await told((m) => m === "reinvite-3", "its unhold answered");
        const after = echoedOf(pcap.slice(120, 170));
        await peer.until("the echo again after the callee took the call back", () => after.count() >= 10);
        hangUp(caller.port, callId);
        const codes = [await caller.done, await callee.done];
        if (codes[0] !== 0) throw new Error(caller.output());
        if (codes[1] !== 0) throw new Error(callee.output());
      } catch (e) {
        throw new Error(
          `${(e as Error).message}\n--- caller\n${caller.output()}\n--- callee\n${callee.output()}`,
        );
      } finally {
        peer.close();
        notify.close();
      }
    });

    test("closed: the closed message, the beep, 5 s of speech, hang-up: the message is stored (sox: 5 s, speech)", async () => {
      const number = "+15550000302";
      await publishReception(number, "closed", "sip:nobody@127.0.0.1:9");
      const peer = await new RtpPeer("PCMA").start();
      const callId = `closed-${Date.now()}@test`;
      const caller = await sipp([
        "-sf",
        scenarioPath("media-caller"),
        "-s",
        number,
        "-key",
        "rtp_port",
        String(peer.port),
        "-cid_str",
        callId,
        edgeAddr(),
      ]);
      try {
        await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
        peer.stream();
        await peer.until("the closed message (speech)", () => peer.speaking());
        await peer.until("the beep", () => peer.beepAt() >= 0);
        const beep = peer.beepAt();
        await peer.until("the end of the beep", () => peer.heard.length > beep + 20);
        // The last 5.01 s of SIPp's g711a.pcap (167 frames of 30 ms), then hang up.
        const speech = pcapRtp("g711a.pcap")
          .slice(-167)
          .map((p) => p.payload);
        await peer.say(speech);
        hangUp(caller.port, callId);
        expect(await caller.done).toBe(0);
      } finally {
        peer.close();
      }
      const done = await nextEvent((e) => e.type === "record.done" && e.call.to.includes(number));
      if (done.type !== "record.done") throw new Error("not record.done");
      expect(done.data.key).toMatch(/^recordings\/reception\//);
      const s3 = s3rver();
      const obj = await s3.send(
        new GetObjectCommand({ Bucket: LOCAL_BUCKETS.recordings, Key: done.data.key }),
      );
      const file = join(dataDir, "message.wav");
      writeFileSync(file, await obj.Body!.transformToByteArray());
      const sox = (args: string[]) =>
        new Promise<string>((resolve) => {
          const c = spawn("sox", args, { stdio: ["ignore", "pipe", "pipe"] });
          let out = "";
          c.stdout.on("data", (d) => (out += String(d)));
          c.stderr.on("data", (d) => (out += String(d)));
          c.on("exit", () => resolve(out));
        });
      const info = await sox(["--i", file]);
      expect(info).toMatch(/Sample Rate\s*:\s*8000/);
      expect(info).toMatch(/Channels\s*:\s*1/);
      const seconds = Number((await sox(["--i", "-D", file])).trim());
      expect(seconds).toBeGreaterThan(4.5);
      expect(seconds).toBeLessThan(5.5);
      const stat = await sox([file, "-n", "stat"]);
      const rms = Number(/RMS\s+amplitude:\s*([\d.]+)/.exec(stat)?.[1]);
      // Speech, not silence: SIPp's recording is around -25 dBFS (RMS ~0.05).
      expect(rms).toBeGreaterThan(0.01);
      expect(done.data.durationSec).toBeCloseTo(seconds, 0);
    });

    /** A SIPp caller (media-caller) whose RTP is a fresh RtpPeer, to `number` on `at` (host:port). */
    async function call(number: string, at = edgeAddr()) {
      const peer = await new RtpPeer("PCMA").start();
      const callId = `${number.slice(1)}-${Date.now()}@test`;
      const caller = await sipp([
        "-sf",
        scenarioPath("media-caller"),
        "-s",
        number,
        "-key",
        "rtp_port",
        String(peer.port),
        "-cid_str",
        callId,
        at,
      ]);
      const hangup = () => hangUp(caller.port, callId);
      return { peer, caller, hangup };
    }
    const ofNumber = (n: string) => (e: DecisionEvent) => e.call.to.includes(n);
    const collects = (n: string) =>
      events.filter((e) => e.type === "collect.done" && ofNumber(n)(e)) as Extract<
        DecisionEvent,
        { type: "collect.done" }
      >[];

    test("a wrong digit during the prompt cuts it (barge-in), the menu retries, then its failure branch (voicemail)", async () => {
      const number = "+15550000303";
      await publishReception(number, "open", "sip:nobody@127.0.0.1:9", true);
      const { peer, caller, hangup } = await call(number);
      try {
        await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
        peer.stream();
        for (let round = 1; round <= 2; round++) {
          // Round 2 starts after the no-match prompt (a play, which a key does not cut) is done.
          if (round === 2) await nextEvent((e) => e.type === "play.done" && ofNumber(number)(e));
          const from = peer.heard.length;
          await peer.until(
            `the menu, round ${round}`,
            () => peer.heard.length > from + 10 && peer.speaking(10),
          );
          await peer.press("9");
          await nextEvent((e) => ofNumber(number)(e) && collects(number).length >= round);
        }
        const [first, second] = collects(number);
        // Pressed while the 2 s prompt played: the prompt stopped and the key ended the menu at once.
        expect(first?.data).toMatchObject({ digits: "9", outcome: "complete", endedBy: "maxDigits" });
        expect(first?.data.durationMs).toBeLessThan(2000);
        expect(second?.data.digits).toBe("9");
        // Retries exhausted: the failure branch records a message (its beep).
        await peer.until("the voicemail beep", () => peer.beepAt() >= 0);
        hangup();
        expect(await caller.done).toBe(0);
      } finally {
        peer.close();
      }
    });

    test("no input: the first-digit timer runs out, the menu retries once, then the failure branch", async () => {
      const number = "+15550000304";
      await publishReception(number, "open", "sip:nobody@127.0.0.1:9", true);
      const { peer, caller, hangup } = await call(number);
      try {
        await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
        peer.stream();
        await peer.until("the voicemail beep", () => peer.beepAt() >= 0);
        const done = collects(number);
        expect(done.map((e) => [e.data.digits, e.data.outcome, e.data.endedBy])).toEqual([
          ["", "noInput", "firstDigitTimeout"],
          ["", "noInput", "firstDigitTimeout"],
        ]);
        hangup();
        expect(await caller.done).toBe(0);
      } finally {
        peer.close();
      }
    });

    test("a stranger on another port spraying RFC 4733 '9's at the caller's RTP port is not heard (restricted latching): no input, the menu retries, then its failure branch", async () => {
      const number = "+15550000314";
      await publishReception(number, "open", "sip:nobody@127.0.0.1:9", true);
      const { peer, caller, hangup } = await call(number);
      const attacker = await new RtpPeer("PCMA").start();
      try {
        await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
        peer.stream();
        // The edge latched onto the caller once its stream arrived; the attacker knows the port.
        await peer.until("the caller's first packets", () => peer.sent >= 5);
        attacker.remote = peer.remote;
        await attacker.press("9");
        await attacker.press("9");
        await peer.until("the voicemail beep", () => peer.beepAt() >= 0);
        expect(attacker.heard).toHaveLength(0);
        expect(collects(number).map((e) => [e.data.digits, e.data.outcome])).toEqual([
          ["", "noInput"],
          ["", "noInput"],
        ]);
        hangup();
        expect(await caller.done).toBe(0);
      } finally {
        attacker.close();
        peer.close();
      }
    });

    test("a caller whose RTP stops is hung up after the inactivity timeout (BYE, traced); never heard from, it got only 1 s of RTP (the reflection guard, traced)", async () => {
      const number = "+15550000305";
      await publishReception(number, "closed", "sip:nobody@127.0.0.1:9");
      const { peer, caller } = await call(number);
      try {
        // The caller never sends a packet: the edge's BYE is what ends its scenario.
        expect(await caller.done).toBe(0);
      } finally {
        peer.close();
      }
      // 1 s of 20 ms packets to the SDP's address (lead-in silence included), then nothing.
      expect(peer.heard).toHaveLength(50);
      await nextEvent((e) => e.type === "call.ended" && ofNumber(number)(e));
      const trace = await waitTrace(number);
      expect(trace.media?.find((m) => m.action === "inactivity")).toBeDefined();
      expect(trace.media?.find((m) => m.action === "rtpWithheld")?.detail).toMatch(
        new RegExp(`^\\d+ RTP packets not sent to 127\\.0\\.0\\.1:${peer.port}: no RTP from the caller yet`),
      );
      expect(trace.sip.some((m) => m.dir === "out" && m.summary.startsWith("BYE"))).toBe(true);
    });

    test("bridged after the menu, a callee whose media dies (answers, sends no RTP) is hung up at the RTP timeout: BYE to both, traced", async () => {
      const number = "+15550000313";
      // No -rtp_echo: this callee answers and never sends a packet.
      const callee = await sipp(["-sf", scenarioPath("media-callee-echo")]);
      await publishReception(number, "open", `sip:alice@127.0.0.1:${callee.port}`);
      const { peer, caller } = await call(number);
      try {
        await peer.until("the edge's first RTP packet", () => peer.heard.length > 0);
        peer.stream();
        await peer.until("the menu prompt (speech energy)", () => peer.speaking());
        await peer.press("1");
        await nextEvent((e) => e.type === "collect.done" && ofNumber(number)(e) && e.data.digits === "1");
        // The edge's BYEs end both scenarios (the caller keeps streaming all along).
        const codes = [await caller.done, await callee.done];
        if (codes[1] !== 0) throw new Error(callee.output());
        expect(codes).toEqual([0, 0]);
      } finally {
        peer.close();
      }
      const trace = await waitTrace(number);
      expect(trace.outcome).toBe("bridged");
      expect(trace.media?.find((m) => m.action === "inactivity")?.detail).toBe("no RTP from the callee: BYE");
      expect(trace.sip.filter((m) => m.dir === "out" && m.summary.startsWith("BYE"))).toHaveLength(2);
    });

    test("no free RTP port pair: 503 with Retry-After; draining (SIGTERM) lets the call in progress finish", async () => {
      const number = "+15550000306";
      await publishReception(number, "open", "sip:nobody@127.0.0.1:9");
      const at = `127.0.0.1:${edgeOnePair.edge.port}`;
      const first = await call(number, at);
      try {
        await first.peer.until("the edge's first RTP packet", () => first.peer.heard.length > 0);
        first.peer.stream();
        await first.peer.until("the menu", () => first.peer.speaking());
        // The only pair is taken: the next call is refused before any answer.
        const refused = await sipp(["-sf", scenarioPath("unavailable-503"), "-s", number, at]);
        expect(await refused.done).toBe(0);
        // Drain: new calls get 503, the call in the menu goes on and reaches its next step.
        const drained = edgeOnePair.edge.drain(30_000);
        const during = await sipp(["-sf", scenarioPath("unavailable-503"), "-s", number, at]);
        expect(await during.done).toBe(0);
        await first.peer.press("2");
        const c = await nextEvent((e) => e.type === "collect.done" && ofNumber(number)(e));
        expect(c).toMatchObject({ data: { digits: "2" } });
        first.hangup();
        expect(await first.caller.done).toBe(0);
        await drained;
        expect(edgeOnePair.edge.stats().callsInProgress).toBe(0);
      } finally {
        first.peer.close();
      }
    });

    describeWithTools(["baresip"], "a softphone (baresip) in the menu", () => {
      test("baresip hears the menu, presses 1 (RFC 4733 from /sndcode over ctrl_tcp): collect.done has 1, the call is bridged", async () => {
        const number = "+15550000308";
        const callee = await sipp(["-sf", scenarioPath("media-callee-echo"), "-rtp_echo"]);
        await publishReception(number, "open", `sip:alice@127.0.0.1:${callee.port}`);
        const dir = join(dataDir, "baresip");
        const dumps = join(dir, "dumps");
        mkdirSync(dumps, { recursive: true });
        const [sipPort, ctrlPort] = [await freePort(), await freePort()];
        // Headless: a 700 Hz tone as its microphone (60 s: aufile does not loop), no player; sndfile dumps what baresip
        // decodes (the edge's audio) as WAV: how the test knows what the caller hears.
        const tone = join(dir, "tone.wav");
        writeFileSync(tone, writeWav(AudioClip.tone([700], 60_000, 0.3).pcm));
        writeFileSync(
          join(dir, "config"),
          [
            `sip_listen 127.0.0.1:${sipPort}`,
            "audio_player none",
            `audio_source aufile,${tone}`,
            "audio_alert none",
            `snd_path ${dumps}`,
            `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
            "module_path /usr/lib/baresip/modules",
            "module g711.so",
            "module aufile.so",
            "module sndfile.so",
            "module_app account.so",
            "module_app menu.so",
            "module_app ctrl_tcp.so",
            "",
          ].join("\n"),
        );
        // PCMA: the edge offers the callee only the caller's codec and media-callee-echo answers
        // PCMA whatever it is offered.
        writeFileSync(join(dir, "accounts"), "<sip:caller@127.0.0.1>;regint=0;audio_codecs=PCMA\n");
        writeFileSync(join(dir, "contacts"), "");
        const phone = spawn("baresip", ["-f", dir, "-e", `/dial sip:${number}@127.0.0.1:${edge.edge.port}`], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        const { done: phoneExit, output: phoneOutput } = sippProcesses.watch(phone);
        /** Resolves when the last `n` samples baresip decoded pass `check` (read at each write of its dump). */
        const heard = (what: string, n: number, check: (pcm: Int16Array) => boolean) =>
          new Promise<void>((resolve, reject) => {
            let last = "nothing";
            const look = () => {
              const f = readdirSync(dumps).find((x) => x.endsWith("-dec.wav"));
              if (!f) return;
              const b = readFileSync(join(dumps, f));
              if (b.length < 44 + 2 * n) return;
              const pcm = new Int16Array(
                b.buffer.slice(b.byteOffset + b.length - 2 * n, b.byteOffset + b.length),
              );
              last = `${b.length} B, ${levelDb(pcm).toFixed(1)} dBFS, ${crossings(pcm)} crossings`;
              if (!check(pcm)) return;
              clearTimeout(t);
              w.close();
              resolve();
            };
            const w = watch(dumps, look);
            const t = setTimeout(() => {
              w.close();
              reject(new Error(`baresip did not hear ${what} (last: ${last})\n${phoneOutput()}`));
            }, 30_000);
            look();
          });
        const crossings = (pcm: Int16Array) => {
          let z = 0;
          for (let k = 1; k < pcm.length; k++) if ((pcm[k - 1] as number) < 0 !== (pcm[k] as number) < 0) z++;
          return z;
        };
        try {
          // The menu speaks: 500 ms of what baresip decoded is above -35 dBFS.
          await heard("the menu", 4000, (pcm) => levelDb(pcm) > -35);
          const ctrl = await new Promise<Socket>((resolve, reject) => {
            const c = connect(ctrlPort, "127.0.0.1", () => resolve(c));
            c.on("error", reject);
          });
          /** A ctrl_tcp command: a netstring of JSON. */
          const command = (cmd: string, params = "") => {
            const json = JSON.stringify({ command: cmd, params, token: cmd });
            ctrl.write(`${Buffer.byteLength(json)}:${json},`);
          };
          command("sndcode", "1");
          const collected = await nextEvent((e) => e.type === "collect.done" && ofNumber(number)(e));
          expect(collected).toMatchObject({ data: { digits: "1", outcome: "complete" } });
          // The menu's 1 bridges to sales (SIPp -rtp_echo): baresip hears its own 700 Hz tone
          // back through the edge (175 zero crossings per 1,000 samples; not the 440+480 Hz ringback).
          await heard(
            "its own tone echoed",
            1000,
            (pcm) => levelDb(pcm) > -30 && Math.abs(crossings(pcm) - 175) <= 8,
          );
          command("hangup");
          await nextEvent((e) => e.type === "call.ended" && ofNumber(number)(e));
          command("quit");
          ctrl.end();
          expect(await callee.done).toBe(0);
          expect(await phoneExit).toBe(0);
        } finally {
          phone.kill("SIGKILL");
        }
        const trace = await waitTrace(number);
        expect(trace.outcome).toBe("bridged");
        const invite = trace.sip.find((m) => m.leg === "a" && m.summary.startsWith("INVITE"));
        expect(invite?.raw).toMatch(/User-Agent: baresip/i);
        expect(trace.media?.find((m) => m.action === "collect")).toMatchObject({ digits: "1" });
      });
    });
  },
);
