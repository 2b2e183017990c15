// The prompt library and Listen through the real app, with s3rver as the prompts bucket: an upload
// at 44.1 kHz stereo is stored as 8 kHz mono, listed, played back, refused to another tenant,
// removed; a file that is not WAV is bad_audio; Listen answers the rendered audio.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { PromptItem, PromptList } from "@ringflow/flow/api";
import { readWav, WaveFile, writeWav } from "@ringflow/media";
import { apiKeyAuthenticator } from "../auth/authenticator.js";
import { localS3Client } from "../local/clients.js";
import { PROMPT_BUCKET, type RunningS3, startS3 } from "../local/s3.js";
import { MemoryStore } from "../store/memory.js";
import { createApi } from "./app.js";
import { keysFor } from "./testing.js";

const dir = mkdtempSync(join(tmpdir(), "ringflow-api-prompts-"));
let s3srv: RunningS3;
let app: ReturnType<typeof createApi>;
let a: Awaited<ReturnType<typeof keysFor>>;
let b: Awaited<ReturnType<typeof keysFor>>;
const TTS_KEY = "prompts/tts/espeak/abc.wav";
const rendered: unknown[] = [];

beforeAll(async () => {
  s3srv = await startS3({ directory: dir });
  const s3 = localS3Client(s3srv.endpoint);
  await s3.send(
    new PutObjectCommand({ Bucket: PROMPT_BUCKET, Key: TTS_KEY, Body: writeWav(new Int16Array(800)) }),
  );
  const store = new MemoryStore();
  a = await keysFor(store, "ta");
  b = await keysFor(store, "tb");
  app = createApi({
    store,
    authenticate: apiKeyAuthenticator(store),
    media: {
      s3,
      promptBucket: PROMPT_BUCKET,
      render: async (p) => {
        rendered.push(p);
        return TTS_KEY;
      },
    },
  });
}, 20_000);
afterAll(async () => {
  await s3srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One second of a 440 Hz tone at 44.1 kHz, stereo. */
function stereoWav(): Uint8Array {
  const w = new WaveFile();
  const n = 44_100;
  const l = new Int16Array(n).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / n)));
  w.fromScratch(2, n, "16", [l, l]);
  return w.toBuffer();
}

const req = (key: string, method: string, path: string, body?: RequestInit["body"], type?: string) =>
  app.request(path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(type ? { "Content-Type": type } : {}) },
    ...(body !== undefined ? { body } : {}),
  });

test("an upload is stored as 8 kHz mono, listed, played back, private to its tenant, removable", async () => {
  const up = await req(
    a.editor,
    "POST",
    "/v1/prompts?name=Welcome%20tone",
    stereoWav() as RequestInit["body"],
    "audio/wav",
  );
  expect(up.status).toBe(201);
  const item = PromptItem.parse(await up.json());
  expect(item).toMatchObject({ name: "Welcome tone" });
  expect(item.key).toMatch(/^prompts\/uploads\/ta\//);
  expect(item.audioMs).toBeCloseTo(1000, -1);

  const list = PromptList.parse(await (await req(a.viewer, "GET", "/v1/prompts")).json());
  expect(list.prompts.map((p) => p.name)).toEqual(["Welcome tone"]);
  expect(PromptList.parse(await (await req(b.viewer, "GET", "/v1/prompts")).json()).prompts).toEqual([]);

  const audio = await req(a.viewer, "GET", `/v1/prompts/audio?key=${encodeURIComponent(item.key)}`);
  expect(audio.headers.get("content-type")).toBe("audio/wav");
  const decoded = readWav(new Uint8Array(await audio.arrayBuffer()));
  expect({ rate: decoded.sourceRate, channels: decoded.sourceChannels }).toEqual({ rate: 8000, channels: 1 });
  expect(decoded.pcm.length).toBeGreaterThan(7900);

  expect((await req(b.viewer, "GET", `/v1/prompts/audio?key=${encodeURIComponent(item.key)}`)).status).toBe(
    404,
  );
  expect((await req(a.viewer, "DELETE", `/v1/prompts?key=${encodeURIComponent(item.key)}`)).status).toBe(403);
  expect((await req(a.editor, "DELETE", `/v1/prompts?key=${encodeURIComponent(item.key)}`)).status).toBe(204);
  expect(PromptList.parse(await (await req(a.viewer, "GET", "/v1/prompts")).json()).prompts).toEqual([]);
}, 20_000);

test("a file that is not WAV is bad_audio; Listen answers the rendered audio of the text", async () => {
  const bad = await req(a.editor, "POST", "/v1/prompts?name=x", "not audio", "audio/wav");
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ error: "bad_audio" });
  const listen = await req(
    a.viewer,
    "POST",
    "/v1/prompts/listen",
    JSON.stringify({ text: "Bonjour", language: "fr-FR" }),
    "application/json",
  );
  expect(listen.status).toBe(200);
  expect(readWav(new Uint8Array(await listen.arrayBuffer())).pcm.length).toBe(800);
  expect(rendered).toEqual([{ text: "Bonjour", language: "fr-FR" }]);
});
