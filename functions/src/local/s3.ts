/// <reference path="../types/s3rver.d.ts" />
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { LOCAL_BUCKETS } from "@ringflow/names";
import S3rver from "s3rver";

export const PROMPT_BUCKET = LOCAL_BUCKETS.prompts;
export const RECORDING_BUCKET = LOCAL_BUCKETS.recordings;

export interface RunningS3 {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** s3rver in this process, objects under `directory`, with the prompt and recording buckets. */
export async function startS3(opts: { directory: string; port?: number; host?: string }): Promise<RunningS3> {
  mkdirSync(opts.directory, { recursive: true });
  const host = opts.host ?? "127.0.0.1";
  // s3rver reports a taken port as an unhandled 'error' event, not a rejection: probe first.
  if (opts.port) await assertPortFree(host, opts.port);
  const s3 = new S3rver({
    address: host,
    port: opts.port ?? 0,
    directory: opts.directory,
    silent: true,
    configureBuckets: [{ name: PROMPT_BUCKET }, { name: RECORDING_BUCKET }],
  });
  const addr = await s3.run();
  return { endpoint: `http://${host}:${addr.port}`, port: addr.port, close: () => s3.close() };
}

function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
