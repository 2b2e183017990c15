import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

// The two S3 operations the edge needs (prompts are read, recordings written), behind a port so
// tests and benchmarks can use a map. Locally the endpoint is s3rver (path-style addressing).

export interface ObjectStore {
  /** The object's bytes, or undefined when there is none. */
  get(bucket: string, key: string, signal?: AbortSignal): Promise<Uint8Array | undefined>;
  put(bucket: string, key: string, body: Uint8Array, contentType: string): Promise<void>;
}

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;

  constructor(opts: { endpoint: string | undefined; region: string }) {
    this.client = new S3Client({
      region: opts.region,
      ...(opts.endpoint
        ? {
            endpoint: opts.endpoint,
            forcePathStyle: true,
            // s3rver checks no signature, but knows only its own access key id.
            credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
          }
        : {}),
    });
  }

  async get(bucket: string, key: string, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key }),
        signal ? { abortSignal: signal } : {},
      );
      return res.Body ? await res.Body.transformToByteArray() : undefined;
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === "NoSuchKey" || name === "NotFound") return undefined;
      throw e;
    }
  }

  async put(bucket: string, key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  close(): void {
    this.client.destroy();
  }
}

/** In memory (tests, benchmarks). */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();

  async get(bucket: string, key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(`${bucket}/${key}`);
  }

  async put(bucket: string, key: string, body: Uint8Array): Promise<void> {
    this.objects.set(`${bucket}/${key}`, body);
  }
}
