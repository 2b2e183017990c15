import { Writable } from "node:stream";
import { type FakeEdge, fakeEdge, request } from "../test/fake-edge.js";
import { createLogger } from "./log.js";

// The edge's log: one JSON line per call end at info (with why a fallback was taken), refusals at
// debug, and never anything that authenticates.

let fe: FakeEdge;
afterEach(async () => {
  await fe?.close();
});

function capture(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: createLogger(level, sink), lines, raw };
}

test("one info line per call end, with the fallback's reason; no Authorization anywhere", async () => {
  const { log, lines, raw } = capture("info");
  fe = await fakeEdge(() => "error", { log });
  fe.inject(
    request({
      callId: "log-1",
      branch: "z9hG4bK-log1",
      via: "203.0.113.7:5060",
      extra: ['Authorization: Digest username="alice", response="secret-response"'],
    }),
    { address: "203.0.113.7", port: 5060, transport: "udp" },
  );
  await fe.settle();
  fe.clock.advance(40_000); // the 503 is never ACKed: Timer H ends the transaction
  await new Promise<void>((r) => setImmediate(r));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: 30,
    msg: "call ended",
    outcome: "fallback",
    status: 503,
    fallbackReason: "error",
  });
  expect(raw.join("")).not.toMatch(/secret-response|Digest/);
});

test("key material is censored wherever it appears in a log object", () => {
  const { log, raw } = capture("debug");
  log.debug(
    {
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIA" },
      creds: { secretAccessKey: "s3cr3t", sessionToken: "tok" },
    },
    "x",
  );
  expect(raw.join("")).not.toMatch(/AKIA|s3cr3t|tok"/);
  expect(raw.join("")).toMatch(/\[redacted\]/);
});
