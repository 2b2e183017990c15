import type { CallTrace } from "@ringflow/flow";
import type { CallSummary } from "../api/client.js";
import { receptionFlow } from "../core/testflow.js";
import { periodCounts } from "./counts.js";

const summary = (callId: string) => ({ callId }) as CallSummary;

test("counts each node once per call and each edge taken, over the calls given", async () => {
  const paths: Record<string, string[]> = {
    a: ["start", "hours", "menu", "sales", "bye"],
    b: ["start", "hours", "closed-msg", "voicemail", "bye"],
    c: ["start", "hours", "menu", "menu", "support", "bye"],
  };
  const client = {
    getCall: async (id: string) => {
      if (!paths[id]) throw new Error("gone");
      return { callId: id, path: paths[id] } as unknown as CallTrace;
    },
  };
  const r = await periodCounts(client, receptionFlow(), ["a", "b", "c", "expired"].map(summary));
  expect(r.calls).toBe(3);
  expect(r.nodeCounts).toMatchObject({
    start: 3,
    hours: 3,
    menu: 2,
    sales: 1,
    support: 1,
    voicemail: 1,
    bye: 3,
  });
  expect(r.edgeCounts).toMatchObject({ "start:next": 3, "hours:open": 2, "hours:closed": 1, "menu:1": 1 });
});
