import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Flow } from "./schema/flow.js";
import { simulate } from "./sim/simulation.js";
import { validateFlow } from "./validate/validate.js";

const dir = join(process.cwd(), "examples");
const files = readdirSync(dir).filter((f) => f.endsWith(".flow.json"));
const load = (f: string) => JSON.parse(readFileSync(join(dir, f), "utf8"));

test("the examples include a reception, a sequential hunt and a percentage split", () => {
  expect(files).toEqual(expect.arrayContaining(["reception.flow.json", "hunt.flow.json", "split.flow.json"]));
});

test.each(files)("%s validates with no issues", (f) => {
  expect(validateFlow(load(f))).toEqual([]);
});

test("the hunt rings three targets in order, and a failure apologises before voicemail", () => {
  const flow = Flow.parse(load("hunt.flow.json"));
  const r = simulate(flow, { at: new Date("2026-03-02T15:00:00Z"), inputs: [{ forward: "failed" }] });
  expect(r.path).toEqual(["start", "greeting", "hunt", "sorry", "voicemail", "bye"]);
  const bridge = r.actions.find((a) => a.type === "bridge");
  expect(bridge?.type === "bridge" && bridge.targets.map((t) => t.uri)).toEqual([
    "sip:primary@127.0.0.1:5070",
    "sip:secondary@127.0.0.1:5070",
    "sip:+15550142@ringflow.invalid;user=phone",
  ]);
});

test("the split sends VIPs to priority and splits everyone else about 70/30", () => {
  const flow = Flow.parse(load("split.flow.json"));
  const at = new Date("2026-03-02T15:00:00Z");
  expect(simulate(flow, { at, from: "+15550101", inputs: [] }).path).toEqual(["start", "route", "priority"]);
  let a = 0;
  for (let i = 0; i < 1000; i++) {
    const r = simulate(flow, { at, from: "+15559999", callId: `c${i}`, inputs: [] });
    if (r.path[2] === "centre-a") a++;
    expect(r.outcome.kind).toBe("redirected");
  }
  expect(a).toBeGreaterThan(650);
  expect(a).toBeLessThan(750);
});
