// A call's pcap through the API: the SIP ladder alone, and with ?media=rtp merged with the RTP
// capture the edge stored (s3rver), for the call's own tenant only; the decision function tells
// the edge to capture only for flows that set settings.captureRtp.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { CallTrace } from "@ringflow/flow/protocol";
import { parseEndpoint, traceToPcap, writeUdpPcap } from "@ringflow/flow/trace";
import { readPcapUdp } from "@ringflow/media";
import { rtpCaptureKey } from "@ringflow/names";
import { apiKeyAuthenticator } from "../auth/authenticator.js";
import { createDecisionHandler } from "../decision/handler.js";
import { localS3Client } from "../local/clients.js";
import { PROMPT_BUCKET, RECORDING_BUCKET, type RunningS3, startS3 } from "../local/s3.js";
import { MemoryStore } from "../store/memory.js";
import { createApi } from "./app.js";
import { keysFor } from "./testing.js";

const dir = mkdtempSync(join(tmpdir(), "ringflow-api-pcap-"));
let s3srv: RunningS3;
beforeAll(async () => {
  s3srv = await startS3({ directory: dir });
});
afterAll(async () => {
  await s3srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_764_000_000_000;
const INVITE =
  "INVITE sip:+15550400@127.0.0.1 SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
const OK = "SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

function trace(tenantId: string, callId: string, rtpKey?: string): CallTrace & { tenantId: string } {
  const sip = (at: number, dir: "in" | "out", raw: string, summary: string) => ({
    at,
    dir,
    transport: "udp" as const,
    local: "127.0.0.1:5060",
    remote: "127.0.0.1:5070",
    leg: "a",
    summary,
    raw,
  });
  return {
    v: 1,
    callId,
    tenantId,
    from: "sip:a@127.0.0.1",
    to: "sip:+15550400@127.0.0.1",
    startedAt: T0,
    endedAt: T0 + 1000,
    outcome: "hungup",
    finalStatus: 200,
    path: [],
    decisions: [],
    sip: [sip(T0, "in", INVITE, "INVITE"), sip(T0 + 100, "out", OK, "200 OK")],
    ...(rtpKey ? { rtpCapture: { key: rtpKey, packets: 2, bytes: 344 } } : {}),
  };
}

test("GET /v1/calls/{id}/pcap: SIP only by default; ?media=rtp merges the stored capture in time order; own tenant only", async () => {
  const s3 = localS3Client(s3srv.endpoint);
  const store = new MemoryStore();
  const key = rtpCaptureKey("ta", "call-1");
  const edge = parseEndpoint("127.0.0.1:20000");
  const peer = parseEndpoint("127.0.0.1:7000");
  const rtp = writeUdpPcap([
    { at: T0 + 50, src: peer, dst: edge, payload: new Uint8Array(172).fill(1) },
    { at: T0 + 150, src: edge, dst: peer, payload: new Uint8Array(172).fill(2) },
  ]);
  await s3.send(new PutObjectCommand({ Bucket: RECORDING_BUCKET, Key: key, Body: rtp }));
  const expires = Math.floor(Date.now() / 1000) + 3600;
  await store.putTrace(trace("ta", "call-1", key), expires);
  await store.putTrace(trace("ta", "call-plain"), expires);
  // Another tenant's trace naming ta's capture (it cannot be written so, but if it were): refused.
  await store.putTrace(trace("tb", "call-forged", key), expires);

  const app = createApi({
    store,
    authenticate: apiKeyAuthenticator(store),
    media: { s3, promptBucket: PROMPT_BUCKET, recordingBucket: RECORDING_BUCKET },
  });
  const ka = await keysFor(store, "ta");
  const kb = await keysFor(store, "tb");
  const get = (k: string, path: string) => app.request(path, { headers: { Authorization: `Bearer ${k}` } });

  const plain = await get(ka.viewer, "/v1/calls/call-1/pcap");
  expect(plain.status).toBe(200);
  expect(plain.headers.get("content-type")).toBe("application/vnd.tcpdump.pcap");
  const plainBytes = new Uint8Array(await plain.arrayBuffer());
  expect(plainBytes).toEqual(traceToPcap(trace("ta", "call-1", key)));

  const merged = await get(ka.viewer, "/v1/calls/call-1/pcap?media=rtp");
  expect(merged.status).toBe(200);
  const recs = readPcapUdp(new Uint8Array(await merged.arrayBuffer()));
  // INVITE (0 ms), RTP in (50), 200 OK (100), RTP out (150).
  expect(recs.map((r) => [r.atMs, r.srcPort, r.dstPort])).toEqual([
    [0, 5070, 5060],
    [50, 7000, 20000],
    [100, 5060, 5070],
    [150, 20000, 7000],
  ]);

  // No capture for this call, no such call, or another tenant's: 404, never someone else's audio.
  expect((await get(ka.viewer, "/v1/calls/call-plain/pcap?media=rtp")).status).toBe(404);
  expect((await get(ka.viewer, "/v1/calls/call-plain/pcap")).status).toBe(200);
  expect((await get(kb.viewer, "/v1/calls/call-1/pcap?media=rtp")).status).toBe(404);
  expect((await get(kb.viewer, "/v1/calls/call-1/pcap")).status).toBe(404);
  expect((await get(kb.viewer, "/v1/calls/call-forged/pcap?media=rtp")).status).toBe(404);
  expect((await get(ka.viewer, "/v1/calls/call-1/pcap?media=video")).status).toBe(400);
  expect((await app.request("/v1/calls/call-1/pcap?media=rtp")).status).toBe(401);
});

test("the decision answer asks the edge to capture RTP only for flows with settings.captureRtp", async () => {
  const store = new MemoryStore();
  const flow = (captureRtp?: boolean) => ({
    version: 1,
    name: "Play",
    entry: "start",
    nodes: { start: { type: "start", next: "bye" }, bye: { type: "hangup" } },
    settings: { language: "en-US", ...(captureRtp === undefined ? {} : { captureRtp }) },
    layout: {},
  });
  const answers: (boolean | undefined)[] = [];
  for (const [i, c] of [true, false, undefined].entries()) {
    const flowId = `f${i}`;
    const number = `+1555050${i}`;
    await store.createFlow({ tenantId: "ta", flowId, doc: flow(c), errors: 0, warnings: 0 });
    await store.publish({
      tenantId: "ta",
      flowId,
      name: "x",
      doc: flow(c),
      message: "",
      fromRevision: 1,
      publishedBy: "t",
    });
    await store.grantNumber(number, "ta");
    await store.bindNumber({ number, tenantId: "ta", flowId, version: "latest" });
    const decide = createDecisionHandler({ store, routeTtlMs: 0 });
    const a = await decide({
      v: 1,
      type: "call.new",
      call: {
        id: `c${i}`,
        from: "sip:a@10.0.0.9",
        to: `sip:${number}@127.0.0.1`,
        requestUri: `sip:${number}@127.0.0.1`,
        sourceIp: "10.0.0.9",
        receivedAt: new Date().toISOString(),
        headers: {},
      },
    });
    answers.push(a.trace?.captureRtp);
  }
  expect(answers).toEqual([true, undefined, undefined]);
});
