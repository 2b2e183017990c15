// Voicemail end to end in functions: a call reaches a voicemail node, the edge reports the
// recording (record.done), the decision function stores the message, and the inbox routes list
// it, play it (from s3rver's recordings bucket), mark it heard and delete it, for its tenant only.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { MailboxList, MessageList, Webhook } from "@ringflow/flow/api";
import { readWav, writeWav } from "@ringflow/media";
import { apiKeyAuthenticator } from "../auth/authenticator.js";
import { createDecisionHandler } from "../decision/handler.js";
import { storeVoicemail } from "../decision/voicemail.js";
import { signWebhook } from "../decision/webhook.js";
import { localS3Client } from "../local/clients.js";
import { PROMPT_BUCKET, RECORDING_BUCKET, type RunningS3, startS3 } from "../local/s3.js";
import { MemoryMailboxStore } from "../store/mailbox.js";
import { MemoryStore } from "../store/memory.js";
import { createApi } from "./app.js";
import { keysFor } from "./testing.js";

const dir = mkdtempSync(join(tmpdir(), "ringflow-api-voicemail-"));
let s3srv: RunningS3;
afterAll(async () => {
  await s3srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

const flow = {
  version: 1,
  name: "Mailbox only",
  entry: "start",
  nodes: {
    start: { type: "start", next: "vm" },
    vm: { type: "voicemail", mailbox: "sales", greeting: { text: "Leave a message" }, next: "bye" },
    bye: { type: "hangup" },
  },
  settings: { language: "en-US" },
  layout: {},
};

test("a recording reported by the edge becomes a message the inbox lists, plays, marks heard and deletes", async () => {
  s3srv = await startS3({ directory: dir });
  const s3 = localS3Client(s3srv.endpoint);
  const store = new MemoryStore();
  const mailboxes = new MemoryMailboxStore();
  await store.createFlow({ tenantId: "ta", flowId: "vm", doc: flow, errors: 0, warnings: 0 });
  await store.publish({
    tenantId: "ta",
    flowId: "vm",
    name: "x",
    doc: flow,
    message: "",
    fromRevision: 1,
    publishedBy: "t",
  });
  await store.grantNumber("+15550400", "ta");
  await store.bindNumber({ number: "+15550400", tenantId: "ta", flowId: "vm", version: "latest" });
  const decide = createDecisionHandler({ store, routeTtlMs: 0, onRecorded: storeVoicemail(mailboxes) });

  const call = {
    id: "vm-call",
    from: "<sip:+15550199@10.0.0.9>;tag=x",
    to: "<sip:+15550400@127.0.0.1>",
    requestUri: "sip:+15550400@127.0.0.1",
    sourceIp: "10.0.0.9",
    receivedAt: new Date().toISOString(),
    headers: {},
  };
  let a = await decide({ v: 1, type: "call.new", call });
  // The greeting plays first; then the flow records.
  for (let i = 0; i < 4 && !a.actions.some((x) => x.type === "record"); i++)
    a = await decide({ v: 1, type: "play.done", call, state: a.state });
  expect(a.actions.map((x) => x.type)).toContain("record");
  const key = "recordings/ta/vm-call.wav";
  await s3.send(
    new PutObjectCommand({ Bucket: RECORDING_BUCKET, Key: key, Body: writeWav(new Int16Array(16_000)) }),
  );
  await decide({ v: 1, type: "record.done", call, state: a.state, data: { key, durationSec: 2 } });

  const app = createApi({
    store,
    authenticate: apiKeyAuthenticator(store),
    mailboxes,
    media: { s3, promptBucket: PROMPT_BUCKET, recordingBucket: RECORDING_BUCKET },
  });
  const ka = await keysFor(store, "ta");
  const kb = await keysFor(store, "tb");
  const get = (k: string, path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { Authorization: `Bearer ${k}`, "Content-Type": "application/json" },
    });

  expect(MailboxList.parse(await (await get(ka.viewer, "/v1/mailboxes")).json()).mailboxes).toEqual([
    { mailbox: "sales", messages: 1, unheard: 1 },
  ]);
  const [m] = MessageList.parse(await (await get(ka.viewer, "/v1/mailboxes/sales/messages")).json()).messages;
  expect(m).toMatchObject({
    mailbox: "sales",
    from: call.from,
    callId: "vm-call",
    durationSec: 2,
    heard: false,
    flowId: "vm",
  });
  const id = m?.id as string;
  const audio = await get(ka.viewer, `/v1/mailboxes/sales/messages/${id}/audio?download=1`);
  expect(audio.headers.get("content-disposition")).toMatch(/attachment/);
  expect(readWav(new Uint8Array(await audio.arrayBuffer())).pcm.length).toBe(16_000);

  expect(
    MessageList.parse(await (await get(kb.viewer, "/v1/mailboxes/sales/messages")).json()).messages,
  ).toEqual([]);
  expect((await get(kb.editor, `/v1/mailboxes/sales/messages/${id}/audio`)).status).toBe(404);
  expect(
    (await get(ka.viewer, `/v1/mailboxes/sales/messages/${id}`, { method: "PATCH", body: '{"heard":true}' }))
      .status,
  ).toBe(403);
  expect(
    (await get(ka.editor, `/v1/mailboxes/sales/messages/${id}`, { method: "PATCH", body: '{"heard":true}' }))
      .status,
  ).toBe(204);
  expect(MailboxList.parse(await (await get(ka.viewer, "/v1/mailboxes")).json()).mailboxes[0]?.unheard).toBe(
    0,
  );
  expect((await get(ka.editor, `/v1/mailboxes/sales/messages/${id}`, { method: "DELETE" })).status).toBe(204);
  expect((await get(ka.editor, `/v1/mailboxes/sales/messages/${id}`, { method: "DELETE" })).status).toBe(404);
}, 30_000);

test("a new message is announced to the tenant's webhook, signed with the secret it was given", async () => {
  const store = new MemoryStore();
  const mailboxes = new MemoryMailboxStore();
  const app = createApi({
    store,
    authenticate: apiKeyAuthenticator(store),
    mailboxes,
    targets: { edgeHosts: [], allowPrivateTargets: true },
  });
  const k = await keysFor(store, "ta");
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const put = (key: string) =>
      app.request("/v1/webhooks/voicemail", {
        method: "PUT",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ url }),
      });
    expect((await put(k.editor)).status).toBe(403);
    const { secret } = Webhook.parse(await (await put(k.publisher)).json());
    await storeVoicemail(mailboxes)({
      tenantId: "ta",
      flowId: "vm",
      mailbox: "sales",
      key: "recordings/x.wav",
      durationSec: 3,
      from: "<sip:+15550199@x>",
      callId: "c9",
      at: new Date(),
    });
    expect(got).toHaveLength(1);
    const h = got[0] as (typeof got)[number];
    const ts = String(h.headers["ringflow-timestamp"]);
    expect(h.headers["ringflow-signature"]).toBe(signWebhook(secret as string, ts, h.body));
    expect(JSON.parse(h.body)).toMatchObject({
      type: "voicemail.new",
      tenantId: "ta",
      message: { mailbox: "sales", callId: "c9", durationSec: 3, heard: false },
    });
    expect(h.body).not.toContain("recordings/x.wav");
  } finally {
    server.close();
  }
});
