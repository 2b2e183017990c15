import { Flow } from "@ringflow/flow";
import type { LiveCall } from "@ringflow/flow/api";
import { endedSince, liveElapsed, liveLine, liveNodeCounts, liveNodeName } from "./live.js";

const call = (over: Partial<LiveCall> = {}): LiveCall => ({
  callId: "c1",
  flowId: "reception",
  version: 2,
  from: "<sip:+15550199@127.0.0.1>;tag=1",
  to: "<sip:+15550100@127.0.0.1>",
  number: "+15550100",
  node: "menu",
  nodeLabel: "Main menu",
  nodeType: "menu",
  waiting: "collect",
  startedAt: 1_000_000,
  updatedAt: 1_003_000,
  ...over,
});

const flow = Flow.parse({
  version: 1,
  name: "Reception",
  entry: "start",
  nodes: {
    start: { type: "start", next: "menu" },
    menu: { type: "menu", label: "Front menu", prompt: { text: "Hi" }, options: { "1": "bye" } },
    bye: { type: "hangup" },
  },
});

test("how long so far is measured on the server's clock, whatever ours says", () => {
  // The server answered at 1,042,000; our clock (an hour off) read 5,000,000 then and 5,002,500 now.
  const snap = { calls: [call()], serverNow: 1_042_000, receivedAt: 5_000_000 };
  expect(liveElapsed(snap, call(), 5_002_500)).toBe(44_500);
  expect(liveLine(call(), "Front menu", 44_000)).toBe(
    "+15550199 → +15550100 · Front menu (choosing in a menu) · 44 s",
  );
});

test("the node is named as the open flow labels it, else as written, else by id", () => {
  expect(liveNodeName(call(), flow, "reception")).toBe("Front menu");
  expect(liveNodeName(call(), flow, "other")).toBe("Main menu");
  expect(liveNodeName(call({ nodeLabel: undefined, node: "x" }), flow, "reception")).toBe("x");
});

test("the canvas counts the open flow's live calls per node; a finished call is told apart", () => {
  const calls = [
    call(),
    call({ callId: "c2" }),
    call({ callId: "c3", flowId: "other" }),
    call({ callId: "c4", node: "gone" }),
  ];
  expect(liveNodeCounts(calls, flow, "reception")).toEqual({ menu: 2 });
  expect(liveNodeCounts(calls, flow, undefined)).toEqual({});
  expect(endedSince(calls, [call({ callId: "c2" })])).toEqual(["c1", "c3", "c4"]);
});
