// End to end through the real paths: the HTTP API over HTTP against dynalite, and the functions
// through @aws-sdk/client-lambda against the local Invoke endpoint.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { DecisionAnswer, PromptsResponse } from "@ringflow/flow/protocol";
import { describeWithTools } from "@ringflow/testkit";
import { trace } from "../store/contract.js";
import { localLambdaClient } from "./clients.js";
import { type LocalStack, startLocalStack } from "./stack.js";

const dataDir = mkdtempSync(join(tmpdir(), "ringflow-stack-"));
const receptionFile = join(process.cwd(), "examples", "reception.flow.json");
let stack: LocalStack;
let lambda: LambdaClient;
let key: string;

const start = () => startLocalStack({ dataDir, receptionFile, routeTtlMs: 0 });

beforeAll(async () => {
  stack = await start();
  lambda = localLambdaClient(stack.urls.invoke);
  key = stack.seed!.apiKey;
}, 30_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.urls.api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const invoke = async (name: string, payload: unknown) => {
  const r = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  return {
    error: r.FunctionError,
    body: JSON.parse(Buffer.from(r.Payload ?? []).toString("utf8")) as unknown,
  };
};

const newCall = (to: string, from: string, id = `c-${Math.random().toString(36).slice(2)}`) => ({
  v: 1,
  type: "call.new",
  call: {
    id,
    from: `<sip:${from}@127.0.0.1:5070>;tag=1`,
    to: `<sip:${to}@127.0.0.1>`,
    requestUri: `sip:${to}@127.0.0.1:5060`,
    sourceIp: "127.0.0.1",
    receivedAt: new Date().toISOString(),
    headers: {},
  },
});

test("the demo tenant is seeded: key file 0600, three flows published and bound", async () => {
  expect(statSync(join(dataDir, "demo-api-key")).mode & 0o777).toBe(0o600);
  const numbers = (await (await api("GET", "/v1/numbers")).json()) as {
    numbers: { number: string; flowId: string }[];
  };
  expect(numbers.numbers.map((n) => [n.number, n.flowId])).toEqual([
    ["+15550100", "reception"],
    ["+15550101", "redirect"],
    ["+15550102", "vip"],
  ]);
  expect(
    ((await (await api("GET", "/v1/flows/reception/versions")).json()) as { versions: unknown[] }).versions,
  ).toHaveLength(1);
  expect((await fetch(`${stack.urls.api}/v1/health`)).status).toBe(200);
  expect((await fetch(`${stack.urls.invoke}/health`)).status).toBe(200);
});

test("the API over HTTP: draft, conflicting save, publish, bind, CORS for the designer", async () => {
  const doc = JSON.parse(
    JSON.stringify((await (await api("GET", "/v1/flows/redirect")).json()) as object),
  ).flow;
  const created = await api("POST", "/v1/flows", { ...doc, name: "Mine" });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await api("PUT", `/v1/flows/${id}`, doc, { "If-Match": '"1"' })).status).toBe(200);
  const conflict = await api("PUT", `/v1/flows/${id}`, doc, { "If-Match": '"1"' });
  expect(conflict.status).toBe(409);
  expect(await conflict.json()).toMatchObject({ error: "revision_conflict", currentRevision: 2 });
  expect((await api("POST", `/v1/flows/${id}/versions`, { message: "v1" })).status).toBe(201);
  await stack.store.grantNumber("+15550177", "demo");
  expect((await api("PUT", "/v1/numbers/+15550177", { flowId: id, version: 1 })).status).toBe(200);
  const pre = await fetch(`${stack.urls.api}/v1/flows`, {
    method: "OPTIONS",
    headers: { Origin: "http://127.0.0.1:5173", "Access-Control-Request-Method": "PUT" },
  });
  expect(pre.headers.get("access-control-allow-origin")).toBe("*");
  const answer = (await invoke("ringflow-decision", newCall("+15550177", "+15550009")))
    .body as DecisionAnswer;
  expect(answer.trace).toMatchObject({ tenantId: "demo", flowId: id, version: 1 });
});

test("ringflow-decision through the Invoke client: redirect, VIP via the customer function, refusals", async () => {
  const redirect = await invoke("ringflow-decision", newCall("+15550101", "+15550009"));
  expect(redirect.error).toBeUndefined();
  expect((redirect.body as DecisionAnswer).actions).toEqual([
    { type: "redirect", status: 302, contacts: [{ uri: "sip:demo@127.0.0.1:5070" }] },
  ]);
  const vip = (await invoke("ringflow-decision", newCall("+15550102", "+15550001"))).body as DecisionAnswer;
  expect(vip.actions[0]).toMatchObject({ contacts: [{ uri: "sip:vip@127.0.0.1:5070" }] });
  expect(vip.trace?.path).toEqual(["start", "vip", "to-vip"]);
  const regular = (await invoke("ringflow-decision", newCall("+15550102", "+15550055")))
    .body as DecisionAnswer;
  expect(regular.actions[0]).toMatchObject({ contacts: [{ uri: "sip:demo@127.0.0.1:5070" }] });
  const unknown = (await invoke("ringflow-decision", newCall("+15550999", "+15550009")))
    .body as DecisionAnswer;
  expect(unknown.actions).toEqual([{ type: "hangup", status: 404, reason: "Number not in service" }]);
  const garbage = (await invoke("ringflow-decision", { hello: "world" })).body as DecisionAnswer;
  expect(garbage.actions[0]).toMatchObject({ type: "hangup", status: 400 });
});

test("a customer function past its budget takes the timeout output; Ringflow's own functions are off limits", async () => {
  let release: () => void = () => {};
  const slow = "ringflow-customer-demo-slow";
  stack.functions.set(slow, () => new Promise((r) => (release = () => r({ output: "yes" }))));
  const flow = {
    version: 1,
    name: "Budget",
    entry: "start",
    nodes: {
      start: { type: "start", next: "ask" },
      ask: {
        type: "decision",
        function: slow,
        timeoutMs: 100,
        routes: { yes: "yes" },
        error: "err",
        timeout: "late",
      },
      ask2: {
        type: "decision",
        function: "ringflow-traces",
        timeoutMs: 100,
        routes: { yes: "yes" },
        error: "err",
        timeout: "err",
      },
      yes: { type: "hangup", status: 486, reason: "yes" },
      late: { type: "set", assign: { x: "1" }, next: "ask2" },
      err: { type: "hangup", status: 403, reason: "error output" },
    },
  };
  // Neither an unregistered function nor one of Ringflow's own can be published.
  expect((await api("POST", "/v1/flows?id=budget", flow)).status).toBe(201);
  const refused = await api("POST", "/v1/flows/budget/versions", {});
  expect(refused.status).toBe(422);
  expect(((await refused.json()) as { issues: { code: string; path: string[] }[] }).issues).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ code: "unregistered_function", path: ["nodes", "ask", "function"] }),
      expect.objectContaining({ code: "unregistered_function", path: ["nodes", "ask2", "function"] }),
    ]),
  );
  expect((await api("PUT", "/v1/functions/ringflow-traces")).status).toBe(400);
  expect((await api("PUT", `/v1/functions/${slow}`)).status).toBe(200);
  // ask2 names Ringflow's own trace function: published anyway, it would still never be invoked.
  await stack.store.publish({
    tenantId: "demo",
    flowId: "budget",
    name: "Budget",
    doc: flow,
    message: "",
    fromRevision: 1,
    publishedBy: "test",
  });
  await stack.store.grantNumber("+15550178", "demo");
  expect((await api("PUT", "/v1/numbers/+15550178", { flowId: "budget" })).status).toBe(200);
  const t = performance.now();
  const a = (await invoke("ringflow-decision", newCall("+15550178", "+15550009"))).body as DecisionAnswer;
  const ms = performance.now() - t;
  release();
  expect(a.trace?.path).toEqual(["start", "ask", "late", "ask2", "err"]);
  expect(a.actions).toEqual([{ type: "hangup", status: 403, reason: "error output" }]);
  expect(ms).toBeLessThan(2000);
});

test("the Invoke endpoint speaks the Lambda API: ARNs, FunctionError, ResourceNotFoundException", async () => {
  const arn = "arn:aws:lambda:us-east-1:123456789012:function:ringflow-decision:$LATEST";
  expect(
    ((await invoke(arn, newCall("+15550101", "+15550009"))).body as DecisionAnswer).actions[0]?.type,
  ).toBe("redirect");
  stack.functions.set("always-throws", async () => {
    throw new TypeError("boom");
  });
  const thrown = await invoke("always-throws", {});
  expect(thrown.error).toBe("Unhandled");
  expect(thrown.body).toEqual({ errorType: "TypeError", errorMessage: "boom" });
  await expect(invoke("no-such-function", {})).rejects.toMatchObject({ name: "ResourceNotFoundException" });
});

test("ringflow-traces stores the edge's batch of calls the decision function took; forged ones are refused", async () => {
  const t = trace("demo", `tr-${Date.now()}`, Date.now());
  await invoke("ringflow-decision", newCall("+15550101", "+15550009", t.callId));
  const forged = [trace("demo", "never-decided", Date.now()), { ...trace("other", t.callId, Date.now()) }];
  const r = await invoke("ringflow-traces", { traces: [t, { bad: true }, ...forged] });
  expect(r.body).toMatchObject({
    stored: 1,
    skipped: 0,
    rejected: [{ index: 1 }, { index: 2, callId: "never-decided" }, { index: 3, callId: t.callId }],
  });
  const list = (await (await api("GET", "/v1/calls?limit=5")).json()) as { calls: { callId: string }[] };
  expect(list.calls.map((c) => c.callId)).toContain(t.callId);
  const one = (await (await api("GET", `/v1/calls/${t.callId}`)).json()) as { sip: unknown[] };
  expect(one.sip).toHaveLength(1);
});

describeWithTools(["espeak-ng"], "text prompts", () => {
  test("are rendered when a flow is published: the seeded reception's at start, a new version's by the API's publish", async () => {
    const prompts = (text: string) => ({ v: 1, prompts: [{ text, language: "en-US" }] });
    const status = async (text: string) =>
      ((await invoke("ringflow-prompts", prompts(text))).body as PromptsResponse).results[0]?.status;
    expect(await status("Welcome to Ringflow. For sales press 1. For support press 2.")).toBe("cached");

    const doc = (
      (await (await api("GET", "/v1/flows/reception")).json()) as { flow: Record<string, unknown> }
    ).flow;
    const text = `Hello from version ${Math.random().toString(36).slice(2)}.`;
    const nodes = doc.nodes as Record<string, Record<string, unknown>>;
    nodes.menu = { ...nodes.menu, prompt: { text } };
    const created = await api("POST", "/v1/flows", { ...doc, name: "Prompted" });
    const { id } = (await created.json()) as { id: string };
    expect((await api("POST", `/v1/flows/${id}/versions`, { message: "v1" })).status).toBe(201);
    expect(await status(text)).toBe("cached");
  }, 20_000);
});

test("a restart keeps everything and seeds nothing twice", async () => {
  const before = ((await (await api("GET", "/v1/numbers")).json()) as { numbers: unknown[] }).numbers;
  await stack.stop();
  stack = await start();
  lambda = localLambdaClient(stack.urls.invoke);
  expect(stack.seed?.apiKey).toBe(key);
  const versions = (await (await api("GET", "/v1/flows/reception/versions")).json()) as {
    versions: unknown[];
  };
  expect(versions.versions).toHaveLength(1);
  expect((await api("GET", "/v1/numbers")).status).toBe(200);
  const n = (await (await api("GET", "/v1/numbers")).json()) as { numbers: unknown[] };
  expect(n.numbers).toEqual(before);
}, 30_000);
