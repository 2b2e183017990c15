import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { LOCAL_TABLE_NAME, FUNCTION_NAMES as NAMES } from "@ringflow/names";
import pino, { type Logger } from "pino";
import { createApi } from "../api/app.js";
import { apiKeyAuthenticator } from "../auth/authenticator.js";
import { lambdaCustomerInvoker } from "../decision/customer.js";
import { createDecisionHandler } from "../decision/handler.js";
import { storeVoicemail } from "../decision/voicemail.js";
import { EspeakRenderer } from "../prompts/espeak.js";
import { createPromptsHandler } from "../prompts/handler.js";
import { renderPromptsOnPublish } from "../prompts/publish.js";
import { renderOnePrompt } from "../prompts/render-one.js";
import { DynamoStore } from "../store/dynamo.js";
import { DynamoLiveCallStore } from "../store/live.js";
import { DynamoMailboxStore } from "../store/mailbox.js";
import { ensureTable } from "../store/table.js";
import type { Store } from "../store/types.js";
import { createTraceIngest } from "../traces/ingest.js";
import { CallLedger, ledgeredDecisions, vouchedTraces } from "./call-ledger.js";
import { localLambdaClient, localS3Client } from "./clients.js";
import { SAMPLE_CUSTOMER_FUNCTION } from "./demo-flows.js";
import { localDynamoClient, startDynalite } from "./dynalite.js";
import { type LambdaFunction, startInvokeServer } from "./invoke-server.js";
import { PROMPT_BUCKET, RECORDING_BUCKET, startS3 } from "./s3.js";
import { vipCallerFunction } from "./sample-customer.js";
import { DEMO_TENANT, type SeedResult, seedDemo } from "./seed.js";
import type { LocalCredentials } from "./sigv4-verify.js";

export const FUNCTION_NAMES = {
  decision: NAMES.decision,
  traces: NAMES.traces,
  prompts: NAMES.prompts,
  sample: SAMPLE_CUSTOMER_FUNCTION,
} as const;

export interface LocalStackOptions {
  host?: string;
  /** 0 = any free port (tests). */
  ports?: { api?: number; invoke?: number; dynamodb?: number; s3?: number };
  /** Where dynalite (`dynamodb/`), s3rver (`s3/`) and the demo key (`demo-api-key`) live. */
  dataDir: string;
  /** Keep DynamoDB in memory instead of under dataDir (tests). */
  inMemory?: boolean;
  table?: string;
  /** The example reception flow to seed; no seeding when absent. */
  receptionFile?: string;
  /** How long number bindings are reused by the decision function (ms). */
  routeTtlMs?: number;
  /**
   * The edge's own addresses, for validation (a target there is a call loop). Default: this
   * host and localhost on port 5060. Internal addresses are allowed as targets in local mode
   * (everything is on loopback).
   */
  edgeHosts?: string[];
  /**
   * Loopback, private and link-local targets may be saved and dialled (default true: locally
   * everything is on loopback). false = as in production (tests of the refusal).
   */
  allowPrivateTargets?: boolean;
  /** The Invoke endpoint checks SigV4 with these (the one-command stack's secret); absent: unchecked. */
  invokeCredentials?: LocalCredentials;
  log?: Logger;
}

export interface LocalStack {
  urls: { api: string; invoke: string; dynamodb: string; s3: string };
  seed?: SeedResult;
  functions: Map<string, LambdaFunction>;
  /** The store the API and the functions share (operator actions such as granting numbers go here). */
  store: Store;
  stop(): Promise<void>;
}

/**
 * Everything of functions/ on one machine, in this process: dynalite, s3rver, the Lambda Invoke
 * endpoint (ringflow-decision, ringflow-traces, the sample customer function) and the HTTP API,
 * with the demo tenant seeded. The API starts last, so its health check means all is ready.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const host = opts.host ?? "127.0.0.1";
  const log = opts.log ?? pino({ level: "silent" });
  const table = opts.table ?? LOCAL_TABLE_NAME;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => log.warn({ err }, "stop failed"));
  };
  try {
    const db = await startDynalite({
      host,
      port: opts.ports?.dynamodb ?? 0,
      ...(opts.inMemory ? {} : { path: join(opts.dataDir, "dynamodb") }),
    });
    stops.push(db.close);
    const s3 = await startS3({ host, port: opts.ports?.s3 ?? 0, directory: join(opts.dataDir, "s3") });
    stops.push(s3.close);

    const dynamo = localDynamoClient(db.endpoint);
    await ensureTable(dynamo, table);
    const store = new DynamoStore({ client: dynamo, table });
    const seed = opts.receptionFile
      ? await seedDemo(store, {
          keyFile: join(opts.dataDir, "demo-api-key"),
          receptionFile: opts.receptionFile,
        })
      : undefined;

    const functions = new Map<string, LambdaFunction>();
    const invoke = await startInvokeServer({
      functions,
      host,
      port: opts.ports?.invoke ?? 0,
      onError: (name, err) => log.error({ err, function: name }, "function threw"),
      ...(opts.invokeCredentials ? { credentials: opts.invokeCredentials } : {}),
    });
    stops.push(invoke.close);
    // Customer functions go through the same Invoke API, as they will on AWS.
    const lambda = localLambdaClient(
      invoke.endpoint,
      opts.invokeCredentials ? { credentials: opts.invokeCredentials } : {},
    );
    const mailboxes = new DynamoMailboxStore({ client: dynamo, table });
    const live = new DynamoLiveCallStore({ client: dynamo, table });
    const edgeHosts = opts.edgeHosts ?? [`${host}:5060`, "localhost:5060"];
    const targets = { edgeHosts, allowPrivateTargets: opts.allowPrivateTargets ?? true };
    const decide = createDecisionHandler({
      store,
      onRecorded: storeVoicemail(mailboxes, log),
      invokeCustomer: lambdaCustomerInvoker(lambda),
      log,
      targets,
      live,
      ...(opts.routeTtlMs !== undefined ? { routeTtlMs: opts.routeTtlMs } : {}),
    });
    // Traces are kept only for calls the decision function took, for the tenant it named.
    const ledger = new CallLedger();
    functions.set(FUNCTION_NAMES.decision, ledgeredDecisions(decide, ledger));
    functions.set(FUNCTION_NAMES.traces, vouchedTraces(createTraceIngest({ store, log, live }), ledger));
    // Text prompts: espeak-ng locally (Polly on AWS), into the prompts bucket on s3rver.
    functions.set(
      FUNCTION_NAMES.prompts,
      createPromptsHandler({
        s3: localS3Client(s3.endpoint),
        bucket: PROMPT_BUCKET,
        renderer: new EspeakRenderer(),
        log,
      }),
    );
    functions.set(FUNCTION_NAMES.sample, (e) =>
      vipCallerFunction(e as Parameters<typeof vipCallerFunction>[0]),
    );

    // The seeded flows were published through the store, not the API: render their prompts too.
    const renderPrompts = renderPromptsOnPublish({ lambda, log });
    for (const flowId of new Set(seed?.numbers.map((n) => n.flowId) ?? [])) {
      const v = await store.latestVersion(DEMO_TENANT, flowId);
      if (v) await renderPrompts({ tenantId: DEMO_TENANT, flowId, version: v.version, doc: v.doc });
    }

    // Warm the decision path (flow parse, version cache, SDK clients) so the first demo call is quick.
    for (const n of seed?.numbers ?? []) {
      const call = {
        id: "warm-up",
        from: "sip:warm-up@127.0.0.1",
        to: `sip:${n.number}@127.0.0.1`,
        requestUri: `sip:${n.number}@127.0.0.1`,
        sourceIp: "127.0.0.1",
        receivedAt: new Date().toISOString(),
        headers: {},
      };
      const a = await decide({ v: 1, type: "call.new", call });
      // ... and end it, so the warm-up never shows as a call in progress.
      await decide({ v: 1, type: "call.ended", call, state: a.state, data: { by: "edge" } });
    }

    const app = createApi({
      store,
      authenticate: apiKeyAuthenticator(store),
      log,
      targets,
      onPublished: renderPrompts,
      mailboxes,
      live,
      media: {
        s3: localS3Client(s3.endpoint),
        promptBucket: PROMPT_BUCKET,
        recordingBucket: RECORDING_BUCKET,
        render: renderOnePrompt({ lambda }),
      },
    });
    const api = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: opts.ports?.api ?? 0, hostname: host }, () =>
        resolve(s as Server),
      );
      (s as Server).once("error", reject);
    });
    stops.push(
      () =>
        new Promise<void>((r) => {
          api.closeAllConnections();
          api.close(() => r());
        }),
    );
    const apiPort = (api.address() as AddressInfo).port;
    return {
      urls: {
        api: `http://${host}:${apiPort}`,
        invoke: invoke.endpoint,
        dynamodb: db.endpoint,
        s3: s3.endpoint,
      },
      ...(seed ? { seed } : {}),
      functions,
      store,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
