// The one contract every Store implementation keeps, run against the DynamoDB store on a real
// dynalite and against the in-memory store (store.test.ts). Not a test file itself.
import type { CallTrace } from "@ringflow/flow/protocol";
import {
  FlowArchived,
  FlowExists,
  NumberInUse,
  NumberNotGranted,
  NumberTaken,
  RevisionConflict,
  TenantExists,
  VersionExists,
} from "../errors.js";
import type { FlowDocument, Store } from "./types.js";

export interface StoreUnderTest {
  store: Store;
  /** The store's clock, in ms; tests move it to expire traces. */
  clock: { now: number };
}

const doc = (name: string, extra: Record<string, unknown> = {}): FlowDocument => ({
  version: 1,
  name,
  entry: "start",
  nodes: { start: { type: "start", next: "bye" }, bye: { type: "hangup" } },
  ...extra,
});

export const trace = (
  tenantId: string,
  callId: string,
  startedAt: number,
): CallTrace & { tenantId: string } => ({
  v: 1,
  callId,
  tenantId,
  flowId: "f1",
  version: 1,
  from: "sip:+15550001@127.0.0.1",
  to: "sip:+15550100@127.0.0.1",
  number: "+15550100",
  startedAt,
  endedAt: startedAt + 1000,
  outcome: "redirected",
  finalStatus: 302,
  path: ["start", "fwd"],
  decisions: [{ at: startedAt, event: "call.new", latencyMs: 0.7, actions: ["redirect"] }],
  sip: [
    {
      at: startedAt,
      dir: "in",
      transport: "udp",
      local: "127.0.0.1:5060",
      remote: "127.0.0.1:5070",
      leg: "a",
      summary: "INVITE",
      raw: "INVITE sip:+15550100@127.0.0.1 SIP/2.0\r\n\r\n",
    },
  ],
});

export function storeContract(
  name: string,
  setup: () => Promise<StoreUnderTest>,
  teardown: () => Promise<void>,
) {
  describe(`Store contract: ${name}`, () => {
    let s: Store;
    let clock: { now: number };
    let seq = 0;
    /** A fresh tenant per test, so tests share one store without seeing each other. */
    const tenant = () => `t${++seq}-${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      ({ store: s, clock } = await setup());
    });
    afterAll(teardown);

    test("a draft is created at revision 1, read back, listed, and a duplicate id is refused", async () => {
      const t = tenant();
      const d = await s.createFlow({ tenantId: t, flowId: "f1", doc: doc("One"), errors: 0, warnings: 1 });
      expect(d).toMatchObject({ revision: 1, name: "One", warnings: 1 });
      expect((await s.getFlow(t, "f1"))?.doc).toEqual(doc("One"));
      expect((await s.listFlows(t)).map((f) => f.flowId)).toEqual(["f1"]);
      await expect(
        s.createFlow({ tenantId: t, flowId: "f1", doc: doc("Two"), errors: 0, warnings: 0 }),
      ).rejects.toBeInstanceOf(FlowExists);
    });

    test("a draft records who saved it last; a save without a name forgets the earlier one", async () => {
      const t = tenant();
      const base = { tenantId: t, flowId: "f", errors: 0, warnings: 0 };
      await s.createFlow({ ...base, doc: doc("A"), updatedBy: "alice-key" });
      expect((await s.getFlow(t, "f"))?.updatedBy).toBe("alice-key");
      await s.saveDraft({ ...base, doc: doc("B"), expectedRevision: 1, updatedBy: "bob@example.com" });
      expect((await s.getFlow(t, "f"))?.updatedBy).toBe("bob@example.com");
      expect((await s.listFlows(t))[0]?.updatedBy).toBe("bob@example.com");
      await s.saveDraft({ ...base, doc: doc("C"), expectedRevision: 2 });
      expect((await s.getFlow(t, "f"))?.updatedBy).toBeUndefined();
    });

    test("a stale save is refused with the current revision", async () => {
      const t = tenant();
      await s.createFlow({ tenantId: t, flowId: "f", doc: doc("A"), errors: 0, warnings: 0 });
      await s.saveDraft({
        tenantId: t,
        flowId: "f",
        doc: doc("B"),
        expectedRevision: 1,
        errors: 0,
        warnings: 0,
      });
      const err = await s
        .saveDraft({ tenantId: t, flowId: "f", doc: doc("C"), expectedRevision: 1, errors: 0, warnings: 0 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RevisionConflict);
      expect((err as RevisionConflict).currentRevision).toBe(2);
      expect((await s.getFlow(t, "f"))?.name).toBe("B");
    });

    test("50 concurrent writers of the same revision: exactly one wins, 49 learn the winner's revision", async () => {
      const t = tenant();
      await s.createFlow({ tenantId: t, flowId: "f", doc: doc("X"), errors: 0, warnings: 0 });
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          s.saveDraft({
            tenantId: t,
            flowId: "f",
            doc: doc(`W${i}`),
            expectedRevision: 1,
            errors: 0,
            warnings: 0,
          }),
        ),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const r of results.filter((x) => x.status === "rejected")) {
        expect(r.reason).toBeInstanceOf(RevisionConflict);
        expect((r.reason as RevisionConflict).currentRevision).toBe(2);
      }
      const final = (await s.getFlow(t, "f"))!;
      expect(final.revision).toBe(2);
      expect(final.name).toBe((won[0] as PromiseFulfilledResult<{ name: string }>).value.name);
    }, 30_000);

    test("no lost update when concurrent read-modify-write writers retry on conflict", async () => {
      const t = tenant();
      const writers = 12;
      await s.createFlow({
        tenantId: t,
        flowId: "f",
        doc: doc("X", { description: "" }),
        errors: 0,
        warnings: 0,
      });
      let conflicts = 0;
      const writer = async (i: number) => {
        for (;;) {
          const cur = (await s.getFlow(t, "f"))!;
          const description = `${String(cur.doc.description)}[${i}]`;
          try {
            await s.saveDraft({
              tenantId: t,
              flowId: "f",
              doc: { ...cur.doc, description },
              expectedRevision: cur.revision,
              errors: 0,
              warnings: 0,
            });
            return;
          } catch (err) {
            if (!(err instanceof RevisionConflict)) throw err;
            conflicts++;
          }
        }
      };
      await Promise.all(Array.from({ length: writers }, (_, i) => writer(i)));
      const final = (await s.getFlow(t, "f"))!;
      expect(final.revision).toBe(writers + 1);
      const marks = String(final.doc.description).match(/\[\d+\]/g) ?? [];
      expect(new Set(marks).size).toBe(writers);
      expect(conflicts).toBeGreaterThan(0);
    }, 30_000);

    test("versions are numbered in order, immutable, and the latest is the highest", async () => {
      const t = tenant();
      await s.createFlow({ tenantId: t, flowId: "f", doc: doc("A"), errors: 0, warnings: 0 });
      const base = { tenantId: t, flowId: "f", name: "A", message: "m", fromRevision: 1, publishedBy: "k" };
      for (let i = 1; i <= 11; i++) {
        const v = await s.publish({ ...base, doc: doc(`A${i}`) });
        expect(v.version).toBe(i);
      }
      // 11 > 9 checks the numeric (padded) ordering, not lexical.
      expect((await s.latestVersion(t, "f"))?.doc).toEqual(doc("A11"));
      await expect(
        s.putVersion({ ...base, version: 3, doc: doc("overwrite"), publishedAt: "x" }),
      ).rejects.toBeInstanceOf(VersionExists);
      expect((await s.getVersion(t, "f", 3))?.doc).toEqual(doc("A3"));
      expect((await s.listVersions(t, "f")).map((v) => v.version)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
      ]);
    });

    test("concurrent publishers each get their own version number", async () => {
      const t = tenant();
      const base = { tenantId: t, flowId: "f", name: "A", message: "m", fromRevision: 1, publishedBy: "k" };
      const vs = await Promise.all(
        Array.from({ length: 8 }, (_, i) => s.publish({ ...base, doc: doc(`P${i}`) })),
      );
      expect(vs.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }, 30_000);

    test("a number is granted to one tenant; only it binds, moves and unbinds it; the grant outlives unbinding", async () => {
      const [a, b] = [tenant(), tenant()];
      const n = `+1555${String(seq).padStart(7, "0")}`;
      const grants = await Promise.allSettled([s.grantNumber(n, a), s.grantNumber(n, b)]);
      expect(grants.filter((g) => g.status === "fulfilled")).toHaveLength(1);
      const loser = grants.find((g) => g.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(NumberTaken);
      const owner = (await s.getNumber(n))!.tenantId;
      const other = owner === a ? b : a;
      await s.grantNumber(n, owner); // idempotent for its holder
      for (const t of [owner, other])
        for (const f of ["fa", "moved"])
          await s.createFlow({ tenantId: t, flowId: f, doc: doc("A"), errors: 0, warnings: 0 });
      // The other tenant learns nothing: the same refusal as for a number nobody holds.
      await expect(
        s.bindNumber({ number: n, tenantId: other, flowId: "fa", version: "latest" }),
      ).rejects.toBeInstanceOf(NumberNotGranted);
      await expect(
        s.bindNumber({ number: "+19999999999", tenantId: other, flowId: "fa", version: "latest" }),
      ).rejects.toBeInstanceOf(NumberNotGranted);
      await expect(
        s.bindNumber({ number: n, tenantId: owner, flowId: "nope", version: "latest" }),
      ).rejects.toMatchObject({ code: "not_found" });
      await s.bindNumber({ number: n, tenantId: owner, flowId: "fa", version: "latest" });
      await s.bindNumber({ number: n, tenantId: owner, flowId: "moved", version: 2 });
      expect(await s.getNumber(n)).toMatchObject({ tenantId: owner, flowId: "moved", version: 2 });
      // Moving released it from the first flow: that one can be deleted, the second cannot.
      await s.deleteFlow(owner, "fa");
      await expect(s.deleteFlow(owner, "moved")).rejects.toBeInstanceOf(NumberInUse);
      expect((await s.listNumbers(owner)).map((x) => x.number)).toEqual([n]);
      expect(await s.listNumbers(other)).toEqual([]);
      await expect(s.unbindNumber(other, n)).rejects.toMatchObject({ code: "not_found" });
      await s.unbindNumber(owner, n);
      expect(await s.getNumber(n)).toEqual({ number: n, tenantId: owner, updatedAt: expect.any(String) });
      await expect(s.unbindNumber(owner, n)).rejects.toMatchObject({ code: "not_found" });
      await s.deleteFlow(owner, "moved");
    });

    test("deleting keeps versions; archiving keeps the flow too and freezes it", async () => {
      const t = tenant();
      await s.createFlow({ tenantId: t, flowId: "f", doc: doc("A"), errors: 0, warnings: 0 });
      const v = {
        tenantId: t,
        flowId: "f",
        name: "A",
        message: "",
        fromRevision: 1,
        publishedBy: "k",
        doc: doc("A"),
      };
      await s.publish(v);
      await expect(s.archiveFlow(t, "f", 7)).rejects.toBeInstanceOf(RevisionConflict);
      await s.archiveFlow(t, "f", 1);
      expect((await s.getFlow(t, "f"))?.archivedAt).toEqual(expect.any(String));
      expect((await s.listFlows(t))[0]?.archivedAt).toEqual(expect.any(String));
      expect((await s.listVersions(t, "f")).map((x) => x.version)).toEqual([1]);
      await expect(
        s.saveDraft({ tenantId: t, flowId: "f", doc: doc("B"), expectedRevision: 1, errors: 0, warnings: 0 }),
      ).rejects.toBeInstanceOf(FlowArchived);
      await expect(s.archiveFlow(t, "f")).rejects.toBeInstanceOf(FlowArchived);
      await expect(s.deleteFlow(t, "f")).rejects.toBeInstanceOf(FlowArchived);
      const n = `+1556${String(seq).padStart(7, "0")}`;
      await s.grantNumber(n, t);
      await expect(s.bindNumber({ number: n, tenantId: t, flowId: "f", version: 1 })).rejects.toBeInstanceOf(
        FlowArchived,
      );
      await s.createFlow({ tenantId: t, flowId: "g", doc: doc("G"), errors: 0, warnings: 0 });
      await expect(s.deleteFlow(t, "g", 7)).rejects.toBeInstanceOf(RevisionConflict);
      await s.deleteFlow(t, "g", 1);
      expect(await s.getFlow(t, "g")).toBeUndefined();
      await expect(s.deleteFlow(t, "g")).rejects.toMatchObject({ code: "not_found" });
    });

    test("20 races of delete against bind: never a number bound to a deleted flow", async () => {
      const t = tenant();
      let deleted = 0;
      for (let i = 0; i < 20; i++) {
        const n = `+1557${String(seq).padStart(5, "0")}${String(i).padStart(2, "0")}`;
        const f = `race${i}`;
        await s.grantNumber(n, t);
        await s.createFlow({ tenantId: t, flowId: f, doc: doc("R"), errors: 0, warnings: 0 });
        await Promise.allSettled([
          s.bindNumber({ number: n, tenantId: t, flowId: f, version: "latest" }),
          s.deleteFlow(t, f),
        ]);
        const b = await s.getNumber(n);
        const flow = await s.getFlow(t, f);
        if (!flow) deleted++;
        if (b?.flowId === f) expect(flow).toBeDefined();
      }
      expect(deleted).toBeGreaterThanOrEqual(0);
    }, 30_000);

    test("a tenant is created once; customer functions are registered per tenant", async () => {
      const [a, b] = [tenant(), tenant()];
      await s.createTenant(a);
      await expect(s.createTenant(a)).rejects.toBeInstanceOf(TenantExists);
      await s.putFunction(a, "ringflow-customer-x-one");
      await s.putFunction(a, "ringflow-customer-x-one");
      expect((await s.listFunctions(a)).map((f) => f.name)).toEqual(["ringflow-customer-x-one"]);
      expect(await s.listFunctions(b)).toEqual([]);
      await expect(s.deleteFunction(b, "ringflow-customer-x-one")).rejects.toMatchObject({
        code: "not_found",
      });
      await s.deleteFunction(a, "ringflow-customer-x-one");
      expect(await s.listFunctions(a)).toEqual([]);
    });

    test("traces expire by TTL for readers, and are never read across tenants", async () => {
      const [a, b] = [tenant(), tenant()];
      const now = clock.now;
      await s.putTrace(trace(a, `${a}-live`, now - 5000), now / 1000 + 3600);
      await s.putTrace(trace(a, `${a}-dead`, now - 4000), now / 1000 - 1);
      expect((await s.getTrace(a, `${a}-live`))?.path).toEqual(["start", "fwd"]);
      expect(await s.getTrace(a, `${a}-dead`)).toBeUndefined();
      expect(await s.getTrace(b, `${a}-live`)).toBeUndefined();
      // Another tenant cannot overwrite the call id.
      await s.putTrace(trace(b, `${a}-live`, now), now / 1000 + 3600);
      expect((await s.getTrace(a, `${a}-live`))?.tenantId).toBe(a);
      expect((await s.listCalls(a, { limit: 10 })).calls.map((c) => c.callId)).toEqual([`${a}-live`]);
      expect((await s.listCalls(b, { limit: 10 })).calls).toEqual([]);
      clock.now += 3601 * 1000;
      expect(await s.getTrace(a, `${a}-live`)).toBeUndefined();
      expect((await s.listCalls(a, { limit: 10 })).calls).toEqual([]);
      clock.now = now;
    });

    test("recent calls come newest first, page by cursor, skip expired ones, and cursors stay in their tenant", async () => {
      const [t, other] = [tenant(), tenant()];
      const now = clock.now;
      for (let i = 0; i < 7; i++) {
        const expired = i === 2 || i === 5;
        await s.putTrace(
          trace(t, `${t}-c${i}`, now - 60_000 + i * 1000),
          now / 1000 + (expired ? -10 : 3600),
        );
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await s.listCalls(t, { limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.calls.length).toBeLessThanOrEqual(2);
        seen.push(...page.calls.map((c) => c.callId));
        cursor = page.cursor;
        if (cursor && pages === 0) {
          await expect(s.listCalls(other, { limit: 2, cursor })).rejects.toMatchObject({
            code: "bad_request",
          });
        }
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual([6, 4, 3, 1, 0].map((i) => `${t}-c${i}`));
      const first = (await s.listCalls(t, { limit: 1 })).calls[0];
      expect(first).toMatchObject({
        callId: `${t}-c6`,
        outcome: "redirected",
        finalStatus: 302,
        tenantId: t,
      });
    });

    test("API keys are found by hash, listed per tenant without it, and revoked by id within the tenant", async () => {
      const [t, other] = [tenant(), tenant()];
      const rec = {
        id: "k_000000000001",
        hash: `h-${t}`,
        tenantId: t,
        role: "editor" as const,
        name: "ci",
        createdAt: "now",
      };
      await s.putApiKey(rec);
      expect(await s.getApiKey(`h-${t}`)).toMatchObject({ tenantId: t, role: "editor", id: rec.id });
      expect(await s.getApiKey(`nope-${t}`)).toBeUndefined();
      expect(await s.listApiKeys(t)).toEqual([
        { id: rec.id, tenantId: t, role: "editor", name: "ci", createdAt: "now" },
      ]);
      expect(await s.listApiKeys(other)).toEqual([]);
      await expect(s.deleteApiKey(other, rec.id)).rejects.toMatchObject({ code: "not_found" });
      await s.deleteApiKey(t, rec.id);
      expect(await s.getApiKey(`h-${t}`)).toBeUndefined();
      expect(await s.listApiKeys(t)).toEqual([]);
    });
  });
}
