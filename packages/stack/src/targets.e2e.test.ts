// Internal bridge targets on a stack configured like production (internal targets not allowed):
// the functions of the local stack in this process, the edge on real sockets, a raw UDP caller,
// and a UDP socket at the "internal" port that must never hear an INVITE. Two layers are tried
// apart: Ringflow's decision function (a customer function picks the branch that bridges to
// 127.0.0.1) and the edge alone (a decision function that answers the bridge itself, as a
// customer's own decision function the edge were pointed at could).

import { randomBytes } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type RunningEdge, startEdge } from "@ringflow/edge";
import type { DecisionEvent, DecisionEventInput } from "@ringflow/flow/protocol";
import { type LocalStack, startLocalStack } from "@ringflow/functions";
import { LOCAL_INVOKE } from "@ringflow/names";

jest.setTimeout(60_000);

const TENANT = "demo";
const CUSTOMER_FN = `ringflow-customer-${TENANT}-router`;

let stack: LocalStack;
let edge: RunningEdge;
let dataDir: string;
let internal: Socket;
const heardInternally: string[] = [];
const events: DecisionEvent[] = [];

const udp = async (): Promise<Socket> => {
  const s = createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  return s;
};
const portOf = (s: Socket) => s.address().port;

/** One INVITE from a fresh UDP socket; resolves with the status of the first final response. */
async function call(number: string, callId: string): Promise<number> {
  const s = await udp();
  const port = portOf(s);
  const invite = [
    `INVITE sip:${number}@127.0.0.1:${edge.edge.port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-${callId.replace(/\W/g, "")};rport`,
    "Max-Forwards: 70",
    `From: <sip:+15550001@127.0.0.1:${port}>;tag=caller`,
    `To: <sip:${number}@127.0.0.1>`,
    `Call-ID: ${callId}`,
    "CSeq: 1 INVITE",
    `Contact: <sip:caller@127.0.0.1:${port}>`,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  try {
    return await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no final response for ${callId}`)), 30_000);
      s.on("message", (m) => {
        const status = Number(/^SIP\/2\.0 (\d{3})/.exec(m.toString())?.[1]);
        if (status >= 200) {
          clearTimeout(t);
          resolve(status);
        }
      });
      s.send(invite, edge.edge.port, "127.0.0.1");
    });
  } finally {
    s.close();
  }
}

/** Published straight through the store, as a flow saved before the policy refused such targets. */
async function publish(number: string, flowId: string, target: string): Promise<void> {
  const doc = {
    version: 1,
    name: flowId,
    entry: "start",
    nodes: {
      start: { type: "start", next: "route" },
      route: {
        type: "decision",
        function: CUSTOMER_FN,
        timeoutMs: 2000,
        routes: { direct: "ring" },
        error: "sorry",
        timeout: "sorry",
      },
      ring: { type: "forward", mode: "bridge", targets: [{ uri: target }], failed: "sorry" },
      sorry: { type: "hangup", status: 486, reason: "Nobody can take your call" },
    },
    layout: {},
  };
  const s = stack.store;
  await s.grantNumber(number, TENANT);
  await s.createFlow({ tenantId: TENANT, flowId, doc, errors: 0, warnings: 0 });
  const d = await s.getFlow(TENANT, flowId);
  await s.publish({
    tenantId: TENANT,
    flowId,
    name: flowId,
    doc,
    message: "before the policy",
    fromRevision: d!.revision,
    publishedBy: "test",
  });
  await s.bindNumber({ number, tenantId: TENANT, flowId, version: "latest" });
}

const RAW_NUMBER = "+15550000399";

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "ringflow-targets-"));
  internal = await udp();
  internal.on("message", (m) => heardInternally.push(m.toString().split("\r\n")[0] ?? ""));
  // As the one-command stack runs: the Invoke endpoint checks SigV4 with the secret in the data
  // dir, and the edge signs with it (--invoke-secret-file).
  const secret = randomBytes(32).toString("hex");
  writeFileSync(join(dataDir, LOCAL_INVOKE.secretFile), secret, { mode: 0o600 });
  stack = await startLocalStack({
    dataDir,
    inMemory: true,
    allowPrivateTargets: false,
    invokeCredentials: { accessKeyId: LOCAL_INVOKE.accessKeyId, secretAccessKey: secret },
  });
  await stack.store.putFunction(TENANT, CUSTOMER_FN);
  stack.functions.set(CUSTOMER_FN, async () => ({ output: "direct" }));
  const decide = stack.functions.get("ringflow-decision")!;
  stack.functions.set("ringflow-decision", async (e) => {
    const ev = e as DecisionEvent;
    events.push(ev);
    // The edge alone: a decision function that answers a bridge to an internal address itself.
    if (ev.call.requestUri.includes(RAW_NUMBER))
      return ev.type === "call.new"
        ? {
            actions: [{ type: "bridge", targets: [{ uri: `sip:x@127.0.0.1:${portOf(internal)}` }] }],
            state: "raw",
          }
        : { actions: [{ type: "hangup", status: 480, reason: "Bridge failed" }], state: "raw" };
    return decide(e as DecisionEventInput);
  });
  const cfg = loadConfig({}, [
    "--listen",
    "127.0.0.1:0",
    "--invoke-endpoint",
    stack.urls.invoke,
    "--s3-endpoint",
    stack.urls.s3,
    "--media",
    "off",
    "--traces",
    "off",
    "--internal-targets",
    "refuse",
    "--invoke-secret-file",
    join(dataDir, LOCAL_INVOKE.secretFile),
  ]);
  edge = await startEdge(cfg);
});

afterAll(async () => {
  await edge?.close();
  await stack?.stop();
  internal?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("a customer function choosing a bridge to 127.0.0.1: no INVITE there, the flow's failure path answers the caller", async () => {
  await publish("+15550000398", "internal-bridge", `sip:x@127.0.0.1:${portOf(internal)}`);
  expect(await call("+15550000398", "targets-1@test")).toBe(486);
  expect(heardInternally).toEqual([]);
});

test("a decision answer bridging to 127.0.0.1 directly: the edge sends no INVITE and reports the bridge failed", async () => {
  expect(await call(RAW_NUMBER, "targets-2@test")).toBe(480);
  const mine = events.filter((e) => e.call.requestUri.includes(RAW_NUMBER));
  expect(mine.map((e) => e.type)).toEqual(["call.new", "bridge.done"]);
  expect(mine[1]).toMatchObject({ data: { outcome: "failed" } });
  expect(heardInternally).toEqual([]);
});

test("the edge's signed invokes are served; a forged invoke from another process is 403 and decides nothing", async () => {
  const before = events.length;
  const forged = await fetch(`${stack.urls.invoke}/2015-03-31/functions/ringflow-decision/invocations`, {
    method: "POST",
    headers: {
      authorization:
        "AWS4-HMAC-SHA256 Credential=local/20261205/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00",
    },
    body: JSON.stringify({ v: 1, type: "call.new" }),
  });
  expect(forged.status).toBe(403);
  expect(events.length).toBe(before);
  // The calls above reached the decision function only through the edge's signed requests.
  expect(events.length).toBeGreaterThan(0);
});
