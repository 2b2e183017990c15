import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { FUNCTION_ENV } from "@ringflow/names";
import pino from "pino";
import { DynamoStore } from "../store/dynamo.js";
import { DynamoLiveCallStore } from "../store/live.js";
import { DynamoMailboxStore } from "../store/mailbox.js";

// What the AWS handlers share, built once per Lambda instance from the environment CDK sets:
// TABLE_NAME (required), TRACE_TTL_DAYS, ROUTE_TTL_MS, LOG_LEVEL, RINGFLOW_EDGE_HOSTS (the edge's
// own host names and addresses, comma-separated `host` or `host:port`).

export const log = pino({ level: process.env[FUNCTION_ENV.logLevel] ?? "info" });

export function storeFromEnv(): DynamoStore {
  const table = process.env[FUNCTION_ENV.tableName];
  if (!table) throw new Error(`${FUNCTION_ENV.tableName} is not set`);
  return new DynamoStore({ client: new DynamoDBClient({}), table });
}

/** Voicemail messages, in the same table as the store. */
export function mailboxesFromEnv(): DynamoMailboxStore {
  const table = process.env[FUNCTION_ENV.tableName];
  if (!table) throw new Error(`${FUNCTION_ENV.tableName} is not set`);
  return new DynamoMailboxStore({ client: new DynamoDBClient({}), table });
}

export const lambdaClient = () => new LambdaClient({ maxAttempts: 1 });

export const edgeHostsFromEnv = (): string[] =>
  (process.env[FUNCTION_ENV.edgeHosts] ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);

/** Calls in progress, in the same table as the store. */
export function liveCallsFromEnv(): DynamoLiveCallStore {
  const table = process.env[FUNCTION_ENV.tableName];
  if (!table) throw new Error(`${FUNCTION_ENV.tableName} is not set`);
  return new DynamoLiveCallStore({ client: new DynamoDBClient({}), table });
}
