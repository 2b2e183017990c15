// The live-call contract, run against the DynamoDB store on a real dynalite and the memory store.
import { localDynamoClient, type RunningDynalite, startDynalite } from "../local/dynalite.js";
import {
  DynamoLiveCallStore,
  itemBytes,
  type LiveCall,
  type LiveCallStore,
  liveItem,
  MemoryLiveCallStore,
} from "./live.js";
import { ensureTable } from "./table.js";

const T0 = Date.parse("2026-12-05T08:00:00Z");

const live = (tenantId: string, callId: string, over: Partial<LiveCall> = {}): LiveCall => ({
  callId,
  tenantId,
  flowId: "reception",
  version: 3,
  from: "<sip:+15550009@10.0.0.9>;tag=a",
  to: "<sip:+15550100@127.0.0.1>",
  number: "+15550100",
  node: "menu",
  nodeLabel: "Main menu",
  nodeType: "menu",
  waiting: "collect",
  startedAt: T0,
  updatedAt: T0 + 1000,
  ...over,
});

function liveContract(name: string, setup: () => Promise<{ store: LiveCallStore; clock: { now: number } }>) {
  describe(`live calls: ${name}`, () => {
    let s: LiveCallStore;
    let clock: { now: number };
    let seq = 0;
    const tenant = () => `lt${++seq}-${Math.random().toString(36).slice(2, 8)}`;
    const inAnHour = () => clock.now / 1000 + 3600;
    beforeAll(async () => {
      ({ store: s, clock } = await setup());
    });

    test("a step writes the node the call is at; the next step moves it; the end removes it", async () => {
      const t = tenant();
      await s.putLiveCall(live(t, "c1"), { first: true, expiresAt: inAnHour() });
      expect(await s.listLiveCalls(t)).toEqual([live(t, "c1")]);
      const moved = live(t, "c1", {
        node: "sales",
        nodeLabel: "Sales",
        waiting: "bridge",
        updatedAt: T0 + 9000,
      });
      await s.putLiveCall(moved, { first: false, expiresAt: inAnHour() });
      expect(await s.listLiveCalls(t)).toEqual([moved]);
      await s.endLiveCall(t, "c1");
      expect(await s.listLiveCalls(t)).toEqual([]);
      // A step answered after the end (a late retry) does not bring the call back.
      await s.putLiveCall(moved, { first: false, expiresAt: inAnHour() });
      expect(await s.listLiveCalls(t)).toEqual([]);
      // Ending a call that is not there is no error.
      await s.endLiveCall(t, "never");
    });

    test("a tenant lists only its own calls, oldest first; another tenant cannot end them", async () => {
      const [a, b] = [tenant(), tenant()];
      await s.putLiveCall(live(a, "a2", { startedAt: T0 + 2 }), { first: true, expiresAt: inAnHour() });
      await s.putLiveCall(live(a, "a1", { startedAt: T0 + 1 }), { first: true, expiresAt: inAnHour() });
      await s.putLiveCall(live(b, "b1"), { first: true, expiresAt: inAnHour() });
      await s.endLiveCall(b, "a1"); // b names a's call id: its own partition has no such item
      expect((await s.listLiveCalls(a)).map((c) => c.callId)).toEqual(["a1", "a2"]);
      expect((await s.listLiveCalls(b)).map((c) => [c.callId, c.tenantId])).toEqual([["b1", b]]);
      expect((await s.listLiveCalls(a, { limit: 1 })).map((c) => c.callId)).toEqual(["a1"]);
    });

    test("a call past its ttl (an edge that crashed mid-call) is never listed", async () => {
      const t = tenant();
      const now = clock.now;
      await s.putLiveCall(live(t, "stuck"), { first: true, expiresAt: now / 1000 + 60 });
      await s.putLiveCall(live(t, "fresh"), { first: true, expiresAt: now / 1000 + 3600 });
      clock.now += 61_000;
      expect((await s.listLiveCalls(t)).map((c) => c.callId)).toEqual(["fresh"]);
      clock.now = now;
    });

    test("a tenant's live calls come back in full past one Query page", async () => {
      const t = tenant();
      // ~0.5 KB each: 2,400 items pass dynalite's 1 MB page.
      const many = 2400;
      for (let i = 0; i < many; i += 100)
        await Promise.all(
          Array.from({ length: 100 }, (_, k) =>
            s.putLiveCall(live(t, `m${i + k}`, { startedAt: T0 + i + k }), {
              first: true,
              expiresAt: inAnHour(),
            }),
          ),
        );
      expect(await s.listLiveCalls(t, { limit: many })).toHaveLength(many);
      expect(await s.listLiveCalls(t)).toHaveLength(1000);
    }, 120_000);
  });
}

liveContract("memory", async () => {
  const clock = { now: T0 };
  return { store: new MemoryLiveCallStore(() => clock.now), clock };
});

let db: RunningDynalite | undefined;
liveContract("DynamoDB on dynalite", async () => {
  db = await startDynalite();
  const client = localDynamoClient(db.endpoint);
  await ensureTable(client, "ringflow");
  const clock = { now: T0 };
  return { store: new DynamoLiveCallStore({ client, table: "ringflow", now: () => clock.now }), clock };
});
afterAll(async () => {
  await db?.close();
});

test("the item is one write unit (1 KB) even with the longest ids, label and addresses", () => {
  const worst = liveItem(
    live("t".repeat(40), "c".repeat(128), {
      flowId: "f".repeat(64),
      version: 999_999_999,
      from: "x".repeat(512),
      to: "y".repeat(512),
      number: "+123456789012345",
      node: "n".repeat(64),
      nodeLabel: "l".repeat(100),
      nodeType: "decision",
    }),
    T0 / 1000 + 86_400,
  );
  expect(itemBytes(worst)).toBeLessThanOrEqual(1024);
});
