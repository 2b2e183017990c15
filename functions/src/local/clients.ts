import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";

// SDK clients for the local endpoints. dynalite and s3rver check no signatures, so any credentials
// do; the Invoke endpoint checks them when the stack has a secret (sigv4-verify.ts). The region is
// fixed so nothing reads ~/.aws.
const local = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

export function localLambdaClient(
  endpoint: string,
  opts: { maxAttempts?: number; credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
): LambdaClient {
  return new LambdaClient({
    ...local,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    endpoint,
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

/** s3rver checks the access key id (not the signature) against its one built-in account. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export function localS3Client(endpoint: string): S3Client {
  return new S3Client({ ...local, credentials: S3RVER_CREDENTIALS, endpoint, forcePathStyle: true });
}

/** One Invoke API call with a raw JSON payload (for callers without their own SDK dependency). */
export async function invokeRaw(
  client: LambdaClient,
  name: string,
  payload: Uint8Array,
): Promise<{ functionError?: string; payload: Uint8Array }> {
  const r = await client.send(new InvokeCommand({ FunctionName: name, Payload: payload }));
  return {
    ...(r.FunctionError ? { functionError: r.FunctionError } : {}),
    payload: r.Payload ?? new Uint8Array(),
  };
}

/** A raw, unconditional PutItem of string attributes (the benchmark's peer for our writes). */
export async function putRawItem(
  client: DynamoDBClient,
  table: string,
  item: Record<string, string>,
): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: table,
      Item: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }])),
    }),
  );
}
