import { flow, hangup, runRule, start } from "../../testing/flows.js";
import { wiring } from "./wiring.js";

test("an unwired required output without a fallback is an error at the output's path", () => {
  expect(runRule(wiring, flow({ start: start() }))).toEqual([
    expect.objectContaining({ code: "unwired_output", path: ["nodes", "start", "next"] }),
  ]);
});

test("a flow-level fallback catches unwired outputs", () => {
  expect(runRule(wiring, flow({ start: start() }, { fallback: { type: "hangup" } }))).toEqual([]);
});

test("optional outputs (bridge answered, voicemail next) may stay unwired", () => {
  const f = flow({
    start: start("fw"),
    fw: {
      type: "forward",
      mode: "bridge",
      targets: [{ uri: "+15551234567" }],
      busy: "vm",
      noAnswer: "vm",
      failed: "vm",
    },
    vm: { type: "voicemail", mailbox: "m" },
  });
  expect(runRule(wiring, f)).toEqual([]);
  expect(
    runRule(
      wiring,
      flow({
        start: start("r"),
        r: { type: "forward", mode: "redirect", targets: [{ uri: "+15551234567" }] },
      }),
    ),
  ).toEqual([]);
});

test("the holiday output is required only when the schedule has exceptions", () => {
  const hours = (exceptions: unknown[]) =>
    flow({
      start: start("h"),
      h: {
        type: "hours",
        schedule: { timeZone: "UTC", weekly: [], exceptions: exceptions as never },
        open: "x",
        closed: "x",
      },
      x: hangup(),
    });
  expect(runRule(wiring, hours([]))).toEqual([]);
  expect(runRule(wiring, hours([{ name: "NY", month: 1, day: 1 }])).map((i) => i.path.join("."))).toEqual([
    "nodes.h.holiday",
  ]);
});
