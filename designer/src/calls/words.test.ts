import { callReason, duration, filterCalls, namedLadder } from "./words.js";

const msg = (dir: "in" | "out", leg: string, remote: string, summary: string) => ({
  at: 1,
  dir,
  transport: "udp" as const,
  local: "10.0.0.1:5060",
  remote,
  leg,
  summary,
  raw: `${summary}\r\n\r\n`,
});

test("lanes are named Caller, Ringflow, Callee", () => {
  const l = namedLadder({
    sip: [
      msg("in", "a", "192.0.2.1:5070", "INVITE"),
      msg("out", "b1", "198.51.100.2:5060", "INVITE"),
      msg("in", "b1", "198.51.100.2:5060", "200 OK"),
    ],
  });
  expect(l.names).toEqual(["Caller", "Ringflow", "Callee"]);
});

test("durations and reasons read as people say them", () => {
  expect(duration(4200)).toBe("4.2 s");
  expect(duration(65_000)).toBe("1:05");
  expect(callReason({ outcome: "redirected", finalStatus: 302 })).toBe(
    "Sent on to another address (302 moved)",
  );
  expect(
    callReason({ outcome: "fallback", finalStatus: 480 }, [
      { at: 0, event: "action.failed", latencyMs: 1, actions: [], error: "media_unsupported" },
    ]),
  ).toBe(
    "The flow could not go on (the flow needed audio (a message, a menu or a recording) that this edge cannot play yet); the fallback answered 480 temporarily unavailable",
  );
});

test("calls filter by flow, number, outcome and period", () => {
  const call = (
    callId: string,
    flowId: string,
    number: string,
    outcome: "bridged" | "redirected",
    ago: number,
  ) => ({
    callId,
    flowId,
    from: "sip:+15550199@x",
    to: `sip:${number}@x`,
    number,
    startedAt: 1_000_000_000 - ago,
    endedAt: 1_000_000_000 - ago + 1000,
    outcome,
    finalStatus: 200,
  });
  const calls = [
    call("a", "f", "+1555", "bridged", 1000),
    call("b", "g", "+1666", "redirected", 2 * 3_600_000),
  ];
  const ids = (f: Parameters<typeof filterCalls>[1]) =>
    filterCalls(calls, f, 1_000_000_000).map((c) => c.callId);
  expect(ids({ flowId: "", number: "", outcome: "", period: "all" })).toEqual(["a", "b"]);
  expect(ids({ flowId: "g", number: "", outcome: "", period: "all" })).toEqual(["b"]);
  expect(ids({ flowId: "", number: "1666", outcome: "", period: "all" })).toEqual(["b"]);
  expect(ids({ flowId: "", number: "", outcome: "bridged", period: "all" })).toEqual(["a"]);
  expect(ids({ flowId: "", number: "", outcome: "", period: "hour" })).toEqual(["a"]);
});
