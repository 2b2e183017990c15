import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { encodeG711 } from "@ringflow/media";
import { espeakVoices } from "./espeak.js";
import { textPromptsOf } from "./flow-prompts.js";
import { createPromptsHandler } from "./handler.js";
import { normalizePrompt, promptKey } from "./key.js";
import { PollyRenderer } from "./polly.js";

describe("prompt keys", () => {
  test("a hash of engine, voice, language and text under prompts/tts/<engine>/", () => {
    const k = promptKey("espeak", { text: "Hello", language: "en-US" });
    expect(k).toMatch(/^prompts\/tts\/espeak\/[0-9a-f]{40}\.wav$/);
    const others = [
      promptKey("polly", { text: "Hello", language: "en-US" }),
      promptKey("espeak", { text: "Hello", language: "en-GB" }),
      promptKey("espeak", { text: "Hello", language: "en-US", voice: "Joanna" }),
      promptKey("espeak", { text: "Hello!", language: "en-US" }),
    ];
    expect(new Set([k, ...others]).size).toBe(5);
  });

  test("white space and the default language do not make a new key", () => {
    expect(promptKey("espeak", { text: "  Hello\n  world " })).toBe(
      promptKey("espeak", { text: "Hello world", language: "en-US" }),
    );
    expect(normalizePrompt({ text: "a  b" })).toEqual({ text: "a b", language: "en-US" });
  });
});

test("every text prompt of the reception example, with the flow's language, once each", () => {
  const doc = JSON.parse(readFileSync(join(process.cwd(), "examples", "reception.flow.json"), "utf8"));
  const prompts = textPromptsOf(doc);
  expect(prompts.length).toBeGreaterThanOrEqual(3);
  expect(prompts).toContainEqual({
    text: "Welcome to Ringflow. For sales press 1. For support press 2.",
    language: "en-US",
  });
  expect(new Set(prompts.map((p) => p.text)).size).toBe(prompts.length);
});

test("espeak-ng voices: the regional voice, then the bare language", () => {
  expect(espeakVoices("en-US")).toEqual(["en-us", "en"]);
  expect(espeakVoices("de")).toEqual(["de"]);
});

describe("Polly renderer (stubbed client)", () => {
  test("asks for 8 kHz mu-law in the prompt's voice and language, and decodes it", async () => {
    const pcm = Int16Array.from({ length: 800 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    const sent: SynthesizeSpeechCommand[] = [];
    const client = {
      send: async (cmd: SynthesizeSpeechCommand) => {
        sent.push(cmd);
        const bytes = encodeG711("PCMU", pcm);
        return { AudioStream: { transformToByteArray: async () => bytes }, $metadata: {} } as never;
      },
    };
    const out = await new PollyRenderer(client, { engine: "standard" }).render(
      { text: "Hi", language: "en-GB", voice: "Amy" },
      new AbortController().signal,
    );
    expect(sent[0]?.input).toMatchObject({
      Text: "Hi",
      OutputFormat: "mulaw",
      SampleRate: "8000",
      VoiceId: "Amy",
      LanguageCode: "en-GB",
      Engine: "standard",
    });
    expect(out.length).toBe(800);
    expect(Math.abs((out[3] as number) - (pcm[3] as number))).toBeLessThan(300);
  });

  test("the default voice is Joanna (neural), and an empty answer is an error", async () => {
    let input: SynthesizeSpeechCommand["input"] | undefined;
    const client = {
      send: async (cmd: SynthesizeSpeechCommand) => {
        input = cmd.input;
        return { $metadata: {} } as never;
      },
    };
    await expect(
      new PollyRenderer(client).render({ text: "Hi", language: "en-US" }, new AbortController().signal),
    ).rejects.toThrow("no audio");
    expect(input).toMatchObject({ VoiceId: "Joanna", Engine: "neural" });
  });
});

describe("prompts handler (stubbed bucket and engine)", () => {
  const renderer = {
    engine: "espeak" as const,
    render: async () => new Int16Array(800),
  };
  const s3 = (head: () => unknown, put: () => unknown = () => ({})) => ({
    send: async (cmd: { constructor: { name: string } }) =>
      cmd.constructor.name === "HeadObjectCommand" ? head() : put(),
  });

  test("a HEAD answered 403 (no s3:ListBucket on AWS) means not there yet: it renders", async () => {
    const h = createPromptsHandler({
      s3: s3(() =>
        Promise.reject(Object.assign(new Error("denied"), { $metadata: { httpStatusCode: 403 } })),
      ) as never,
      bucket: "b",
      renderer,
    });
    const r = await h({ v: 1, prompts: [{ text: "Hi" }] });
    expect(r.results[0]).toMatchObject({ status: "rendered", audioMs: 100 });
  });

  test("a PUT that fails reports the prompt failed, with the reason", async () => {
    const h = createPromptsHandler({
      s3: s3(
        () => Promise.reject(Object.assign(new Error("nf"), { name: "NotFound" })),
        () => Promise.reject(new Error("AccessDenied")),
      ) as never,
      bucket: "b",
      renderer,
    });
    const r = await h({ v: 1, prompts: [{ text: "Hi" }] });
    expect(r.results[0]).toMatchObject({ status: "failed", error: "AccessDenied" });
  });
});
