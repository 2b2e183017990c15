// The security suite's shared setup (not a test file): the API over a real DynamoDB (dynalite),
// two tenants with a key of every role, a published flow on a granted number, a trace, a
// registered function. The fuzz and the matrix run against it.
import { apiOver, auth, keysFor, receptionDoc } from "../api/testing.js";
import { issueApiKeyRecord } from "../auth/api-keys.js";
import { localDynamoClient, type RunningDynalite, startDynalite } from "../local/dynalite.js";
import { trace } from "../store/contract.js";
import { DynamoStore } from "../store/dynamo.js";
import { ensureTable } from "../store/table.js";
import type { Role, Store } from "../store/types.js";

export interface Tenant {
  id: string;
  keys: Record<Role, string>;
  keyId: string;
  flowId: string;
  number: string;
  callId: string;
  fn: string;
}

export interface SecurityFixture {
  store: Store;
  app: ReturnType<typeof apiOver>;
  a: Tenant;
  b: Tenant;
  close(): Promise<void>;
}

async function seedTenant(
  store: Store,
  app: ReturnType<typeof apiOver>,
  id: string,
  number: string,
): Promise<Tenant> {
  const keys = await keysFor(store, id);
  const { id: keyId } = await issueApiKeyRecord(store, { tenantId: id, role: "viewer", name: "spare" });
  await store.grantNumber(number, id);
  const fn = `ringflow-customer-${id}-vip`;
  await store.putFunction(id, fn);
  const send = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: auth(keys.publisher),
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const flowId = `${id}flow`;
  if ((await send("POST", `/v1/flows?id=${flowId}`, receptionDoc())).status !== 201)
    throw new Error("seed flow");
  if ((await send("POST", `/v1/flows/${flowId}/versions`, { message: "v1" })).status !== 201)
    throw new Error("seed publish");
  if ((await send("PUT", `/v1/numbers/${number}`, { flowId })).status !== 200) throw new Error("seed bind");
  const callId = `${id}-call`;
  await store.putTrace(trace(id, callId, Date.now()), Date.now() / 1000 + 3600);
  return { id, keys, keyId, flowId, number, callId, fn };
}

export async function securityFixture(): Promise<SecurityFixture> {
  const db: RunningDynalite = await startDynalite();
  const client = localDynamoClient(db.endpoint);
  await ensureTable(client, "ringflow");
  const store = new DynamoStore({ client, table: "ringflow" });
  const app = apiOver(store);
  const a = await seedTenant(store, app, "alpha", "+15550300");
  const b = await seedTenant(store, app, "beta", "+15550301");
  return { store, app, a, b, close: () => db.close() };
}
