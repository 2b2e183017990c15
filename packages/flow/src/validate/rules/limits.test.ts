import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { limits } from "./limits.js";

test("2,001 nodes are one too many", () => {
  const nodes: Record<string, ReturnType<typeof hangup>> = { start: start("n0") };
  for (let i = 0; i < 2000; i++) nodes[`n${i}`] = hangup();
  expect(runRule(limits, flow(nodes)).map((i) => i.code)).toEqual(["too_many_nodes"]);
  delete nodes.n1999;
  expect(runRule(limits, flow(nodes))).toEqual([]);
});

test("more than 32 distinct variables are refused", () => {
  const assign = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`v${i}`, "x"]));
  expect(runRule(limits, flow({ start: start("s"), s: { type: "set", assign } })).map((i) => i.code)).toEqual(
    ["too_many_variables"],
  );
});

test("a sequential hunt ringing longer than the call may last is a warning", () => {
  const f = flow(
    {
      start: start("f"),
      f: {
        type: "forward",
        mode: "bridge",
        targets: [{ uri: "+15551234567", timeoutSec: 60 }, { uri: "+15551234568" }],
      },
    },
    { limits: { maxCallSec: 60 } },
  );
  expect(runRule(limits, f)).toEqual([
    expect.objectContaining({ code: "ring_exceeds_call", severity: "warning" }),
  ]);
});
