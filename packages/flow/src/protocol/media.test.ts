import { DecisionAnswer } from "./answer.js";
import { DecisionEvent } from "./events.js";
import { protocolJsonSchema } from "./json-schema.js";

const call = {
  id: "c1",
  from: "<sip:alice@example.com>;tag=1",
  to: "<sip:+15550100@ringflow>",
  requestUri: "sip:+15550100@127.0.0.1",
  sourceIp: "127.0.0.1",
  receivedAt: "2026-12-04T18:00:00Z",
  headers: {},
};

describe("decision protocol: media additions stay backward compatible", () => {
  test("a v1 answer with answer/play/collect/record parses as before (no new field appears)", () => {
    const v1 = {
      state: "s",
      actions: [
        { type: "answer" },
        { type: "play", prompt: { text: "Welcome" } },
        { type: "collect", prompt: { audio: "prompts/menu.wav" }, maxDigits: 1 },
        { type: "record", mailbox: "sales", maxLengthSec: 120 },
      ],
    };
    expect(DecisionAnswer.parse(v1).actions).toEqual([
      { type: "answer" },
      { type: "play", prompt: { text: "Welcome" } },
      {
        type: "collect",
        prompt: { audio: "prompts/menu.wav" },
        minDigits: 1,
        maxDigits: 1,
        firstDigitTimeoutMs: 5000,
        interDigitTimeoutMs: 3000,
      },
      { type: "record", mailbox: "sales", maxLengthSec: 120, beep: true },
    ]);
  });

  test("early media, barge-in, record endings, pause and sendDigits are accepted", () => {
    const r = DecisionAnswer.safeParse({
      state: "s",
      actions: [
        { type: "answer", earlyMedia: true },
        { type: "play", prompt: { text: "Hi" }, bargeIn: true },
        { type: "collect", maxDigits: 4, minDigits: 2, terminator: "#", bargeIn: false },
        { type: "pause", durationMs: 500 },
        { type: "sendDigits", digits: "12#", toneMs: 80 },
        {
          type: "record",
          mailbox: "m",
          maxLengthSec: 60,
          beep: false,
          silenceSec: 3,
          silenceThresholdDb: -45,
          terminator: "*",
          minLengthSec: 2,
        },
      ],
    });
    expect(r.success).toBe(true);
  });

  test("bad media fields are refused", () => {
    const bad = [
      { type: "sendDigits", digits: "12x" },
      { type: "sendDigits", digits: "" },
      { type: "pause", durationMs: 0 },
      { type: "record", mailbox: "m", maxLengthSec: 60, terminator: "##" },
      { type: "answer", earlyMedia: "yes" },
    ];
    for (const a of bad) expect(DecisionAnswer.safeParse({ state: "s", actions: [a] }).success).toBe(false);
  });

  test("v1 events parse; done events carry the one media result shape", () => {
    expect(DecisionEvent.parse({ v: 1, type: "play.done", call }).type).toBe("play.done");
    const collect = DecisionEvent.parse({
      v: 1,
      type: "collect.done",
      call,
      state: "s",
      data: {
        digits: "12",
        reason: "terminator",
        outcome: "complete",
        terminator: "#",
        endedBy: "terminator",
        durationMs: 4200,
      },
    });
    expect(collect.type === "collect.done" && collect.data.endedBy).toBe("terminator");
    const rec = DecisionEvent.parse({
      v: 1,
      type: "record.done",
      call,
      state: "s",
      data: {
        key: "",
        durationSec: 0.4,
        outcome: "tooShort",
        endedBy: "hangup",
        durationMs: 3000,
        terminator: null,
      },
    });
    expect(rec.type === "record.done" && rec.data.outcome).toBe("tooShort");
    const play = DecisionEvent.parse({
      v: 1,
      type: "play.done",
      call,
      data: {
        interrupted: true,
        outcome: "interrupted",
        endedBy: "bargeIn",
        durationMs: 900,
        promptKey: "tts/ab.wav",
      },
    });
    expect(play.type === "play.done" && play.data.endedBy).toBe("bargeIn");
    expect(
      DecisionEvent.safeParse({
        v: 1,
        type: "collect.done",
        call,
        data: { digits: "", reason: "timeout", outcome: "maybe" },
      }).success,
    ).toBe(false);
  });

  test("the JSON Schema lists the new actions", () => {
    expect(JSON.stringify(protocolJsonSchema())).toContain('"sendDigits"');
  });
});
