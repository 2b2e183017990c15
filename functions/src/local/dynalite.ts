/// <reference path="../types/dynalite.d.ts" />
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

export interface RunningDynalite {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/**
 * dynalite in this process: in memory, or persisted under `path` (LevelDB). Port 0 lets the
 * OS pick one (tests). Tables become ACTIVE at once.
 */
export function startDynalite(
  opts: { port?: number; host?: string; path?: string } = {},
): Promise<RunningDynalite> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(opts.path ? { path: opts.path } : {}),
  });
  const host = opts.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        endpoint: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((res) => {
            server.closeAllConnections?.();
            server.close(() => res());
          }),
      });
    });
  });
}

/** An SDK client for a local endpoint (dynalite checks no signatures; any credentials do). */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 3,
  });
}
