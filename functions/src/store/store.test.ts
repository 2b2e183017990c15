import { localDynamoClient, type RunningDynalite, startDynalite } from "../local/dynalite.js";
import { storeContract } from "./contract.js";
import { DynamoStore } from "./dynamo.js";
import { MemoryStore } from "./memory.js";
import { ensureTable } from "./table.js";

const memClock = { now: Date.parse("2026-11-25T08:00:00Z") };
storeContract(
  "memory",
  async () => ({ store: new MemoryStore(() => memClock.now), clock: memClock }),
  async () => {},
);

let db: RunningDynalite | undefined;
const dynClock = { now: Date.parse("2026-11-25T08:00:00Z") };
storeContract(
  "DynamoDB on dynalite",
  async () => {
    db = await startDynalite();
    const client = localDynamoClient(db.endpoint);
    await ensureTable(client, "ringflow");
    return {
      store: new DynamoStore({ client, table: "ringflow", now: () => dynClock.now }),
      clock: dynClock,
    };
  },
  async () => {
    await db?.close();
  },
);
