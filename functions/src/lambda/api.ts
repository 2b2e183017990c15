import { S3Client } from "@aws-sdk/client-s3";
import { FUNCTION_ENV } from "@ringflow/names";
import { handle } from "hono/aws-lambda";
import { createApi } from "../api/app.js";
import { apiKeyAuthenticator, firstOf, jwtClaimsAuthenticator } from "../auth/authenticator.js";
import { renderPromptsOnPublish } from "../prompts/publish.js";
import { renderOnePrompt } from "../prompts/render-one.js";
import {
  edgeHostsFromEnv,
  lambdaClient,
  liveCallsFromEnv,
  log,
  mailboxesFromEnv,
  storeFromEnv,
} from "./env.js";

// The HTTP API on Lambda (API Gateway HTTP API, payload v2). People arrive with a Cognito JWT the
// gateway has verified (claims in the event); programs with API keys.
const store = storeFromEnv();
const promptsFunction = process.env[FUNCTION_ENV.promptsFunction];
const promptBucket = process.env[FUNCTION_ENV.promptsBucket];
const recordingBucket = process.env[FUNCTION_ENV.recordingsBucket];
const app = createApi({
  store,
  authenticate: firstOf(jwtClaimsAuthenticator(), apiKeyAuthenticator(store)),
  log,
  mailboxes: mailboxesFromEnv(),
  live: liveCallsFromEnv(),
  // The edge's public names and addresses (a target there is a call loop); internal addresses are never targets on AWS.
  targets: { edgeHosts: edgeHostsFromEnv(), allowPrivateTargets: false },
  // A published flow's text prompts are rendered (Polly, by ringflow-prompts) before the publish answers.
  ...(promptsFunction
    ? { onPublished: renderPromptsOnPublish({ lambda: lambdaClient(), log, functionName: promptsFunction }) }
    : {}),
  // The prompt library and Listen (the role needs s3:GetObject/PutObject/DeleteObject/ListBucket on
  // the prompts bucket's prompts/ prefix, and lambda:InvokeFunction on the prompts function).
  ...(promptBucket
    ? {
        media: {
          s3: new S3Client({}),
          promptBucket,
          ...(recordingBucket ? { recordingBucket } : {}),
          ...(promptsFunction
            ? { render: renderOnePrompt({ lambda: lambdaClient(), functionName: promptsFunction }) }
            : {}),
        },
      }
    : {}),
});
export const handler = handle(app);
