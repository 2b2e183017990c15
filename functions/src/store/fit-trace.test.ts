import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { trace } from "./contract.js";
import { fitTrace, TRACE_BODY_BUDGET } from "./dynamo.js";

test("a trace too big for one item keeps its ladder but loses raw text, marked truncated", () => {
  const t = trace("acme", "big", 0);
  // Random text does not compress: 40 messages of 60 KB are far past the budget.
  t.sip = Array.from({ length: 40 }, (_, i) => ({
    ...t.sip[0]!,
    summary: `msg ${i}`,
    raw: randomBytes(45_000).toString("base64"),
  }));
  const body = fitTrace(t);
  expect(body.length).toBeLessThanOrEqual(TRACE_BODY_BUDGET);
  const back = JSON.parse(gunzipSync(body).toString()) as typeof t;
  expect(back.sip.map((m) => m.summary)).toEqual(t.sip.map((m) => m.summary));
  expect(back.sip.every((m) => m.truncated && m.raw.length <= 2048)).toBe(true);
});

test("a small trace is stored whole", () => {
  const t = trace("acme", "small", 0);
  expect(JSON.parse(gunzipSync(fitTrace(t)).toString())).toEqual(t);
});
