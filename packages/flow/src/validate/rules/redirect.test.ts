import { flow, runRule, say, start } from "../../testing/flows.js";
import { redirect } from "./redirect.js";

const fwd = { type: "forward" as const, mode: "redirect" as const, targets: [{ uri: "+15551234567" }] };

test("a redirect after a prompt answered the call is a warning", () => {
  expect(runRule(redirect, flow({ start: start("p"), p: say("hi", "r"), r: fwd }))).toEqual([
    expect.objectContaining({
      code: "redirect_after_answer",
      path: ["nodes", "r", "mode"],
      severity: "warning",
    }),
  ]);
  expect(runRule(redirect, flow({ start: start("r"), r: fwd }))).toEqual([]);
});
