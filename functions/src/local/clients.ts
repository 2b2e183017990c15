import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";

// SDK clients for the local endpoints. They check no signatures, so any credentials do; the
// region is fixed so nothing reads ~/.aws.
const local = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

export function localLambdaClient(endpoint: string, opts: { maxAttempts?: number } = {}): LambdaClient {
  return new LambdaClient({ ...local, endpoint, maxAttempts: opts.maxAttempts ?? 1 });
}

export function localS3Client(endpoint: string): S3Client {
  return new S3Client({ ...local, endpoint, forcePathStyle: true });
}
