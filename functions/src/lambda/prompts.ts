import { PollyClient } from "@aws-sdk/client-polly";
import { S3Client } from "@aws-sdk/client-s3";
import { FUNCTION_ENV } from "@ringflow/names";
import { createPromptsHandler } from "../prompts/handler.js";
import { PollyRenderer } from "../prompts/polly.js";
import { log } from "./env.js";

// `ringflow-prompts` on AWS: Amazon Polly (8 kHz mu-law, no resampling) into the prompts bucket.
const bucket = process.env[FUNCTION_ENV.promptsBucket];
if (!bucket) throw new Error(`${FUNCTION_ENV.promptsBucket} is not set`);

export const handler = createPromptsHandler({
  s3: new S3Client({}),
  bucket,
  renderer: new PollyRenderer(new PollyClient({})),
  log,
  // Neural voices take 8 requests/s per account: one at a time per instance.
  concurrency: 1,
});
