// The designer's API client against the real API app (in process, over the memory store): every
// method's request is one the routes accept and every answer parses with the shared contract
// (`@ringflow/flow/api`). Lives here so the designer does not depend on functions.
import type { FlowInput } from "@ringflow/flow";
import { ApiClient, ApiError } from "../../../designer/src/api/client.js";
import { trace } from "../store/contract.js";
import { MemoryLiveCallStore } from "../store/live.js";
import { MemoryStore } from "../store/memory.js";
import { apiOver, keysFor, LOCAL_TARGETS, receptionDoc } from "./testing.js";

const store = new MemoryStore();
const live = new MemoryLiveCallStore();
const app = apiOver(store, LOCAL_TARGETS, { live });
let client: (role: "viewer" | "editor" | "publisher") => ApiClient;

beforeAll(async () => {
  const keys = await keysFor(store, "t1");
  await store.grantNumber("+15550100", "t1");
  client = (role) =>
    new ApiClient({ baseUrl: "http://api.test", apiKey: keys[role] }, (url, init) =>
      Promise.resolve(app.request(String(url), init)),
    );
});

const reception = () => receptionDoc() as unknown as FlowInput;

test("a flow's life through the client: create, list, read, save, conflict, publish, versions, diff", async () => {
  const ed = client("editor");
  expect(await ed.health()).toEqual({ ok: true, service: "ringflow-api" });
  expect(await ed.validate(reception())).toEqual([]);

  const created = await ed.createFlow(reception(), "desk");
  expect(created).toMatchObject({ id: "desk", revision: 1, issues: [] });
  expect((await ed.listFlows()).map((f) => [f.id, f.revision])).toEqual([["desk", 1]]);

  const draft = await ed.getFlow("desk");
  expect(draft).toMatchObject({ flowId: "desk", revision: 1, doc: reception() });
  const renamed = { ...draft.doc, name: "Front desk" };
  expect(await ed.saveFlow("desk", renamed, 1)).toMatchObject({ id: "desk", revision: 2 });
  // Who saved last is the key's name, in the draft and in the list.
  expect((await ed.getFlow("desk")).updatedBy).toBe("key:t1-editor");
  expect((await ed.listFlows())[0]?.updatedBy).toBe("key:t1-editor");
  const stale = await ed.saveFlow("desk", renamed, 1).catch((e: unknown) => e);
  expect(stale).toBeInstanceOf(ApiError);
  expect(stale).toMatchObject({ code: "revision_conflict", status: 409, currentRevision: 2 });

  const pub = client("publisher");
  expect(await pub.publish("desk", "first")).toEqual({ version: 1 });
  await ed.saveFlow("desk", { ...renamed, name: "Desk" }, 2);
  expect(await pub.publish("desk", "second")).toEqual({ version: 2 });
  expect((await ed.listVersions("desk")).map((v) => [v.version, v.message])).toEqual([
    [1, "first"],
    [2, "second"],
  ]);
  expect(await ed.getVersion("desk", 1)).toMatchObject({ version: 1, doc: renamed, fromRevision: 2 });
  expect(await ed.diffVersions("desk", 1, 2)).toMatchObject({ from: 1, to: 2, document: ["name"] });
});

test("numbers, calls and refusals parse with the contract", async () => {
  const pub = client("publisher");
  await pub.createFlow(reception(), "line");
  await pub.publish("line", "");
  expect(await pub.bindNumber("+15550100", "line", 1)).toMatchObject({
    number: "+15550100",
    flowId: "line",
    version: 1,
  });
  expect((await pub.listNumbers()).map((n) => n.number)).toEqual(["+15550100"]);
  const inUse = await pub.deleteFlow("line").catch((e: unknown) => e);
  expect(inUse).toMatchObject({ code: "number_in_use", status: 409 });

  await store.putTrace(trace("t1", "c1", Date.now()), Math.floor(Date.now() / 1000) + 3600);
  expect((await pub.listCalls(5)).map((c) => [c.callId, c.outcome])).toEqual([["c1", "redirected"]]);
  expect(await pub.getCall("c1")).toMatchObject({ callId: "c1", path: ["start", "fwd"] });
  const startedAt = Date.now() - 5000;
  await live.putLiveCall(
    {
      callId: "c2",
      tenantId: "t1",
      flowId: "line",
      version: 1,
      from: "<sip:+15550199@127.0.0.1>;tag=1",
      to: "<sip:+15550100@127.0.0.1>",
      number: "+15550100",
      node: "menu",
      nodeLabel: "Main menu",
      waiting: "collect",
      startedAt,
      updatedAt: startedAt + 100,
    },
    { first: true, expiresAt: Date.now() / 1000 + 3600 },
  );
  const inProgress = await client("viewer").listLiveCalls();
  expect(inProgress.calls.map((c) => [c.callId, c.node, c.nodeLabel])).toEqual([["c2", "menu", "Main menu"]]);
  expect(inProgress.now - startedAt).toBeGreaterThanOrEqual(5000);

  const invalid = await pub
    .createFlow({ ...reception(), nodes: { x: { type: "teleport" } } } as unknown as FlowInput)
    .catch((e: unknown) => e as ApiError);
  expect(invalid).toMatchObject({ code: "invalid_flow", status: 422 });
  expect((invalid as ApiError).issues[0]?.path).toEqual(["nodes", "x", "type"]);
  await expect(client("viewer").createFlow(reception())).rejects.toMatchObject({ code: "forbidden" });
});
