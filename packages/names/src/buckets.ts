// S3 buckets for prompts (audio the edge plays) and recordings (voicemail the edge writes).
// Locally s3rver serves them under these names; on AWS names are generated and passed in the
// environment (ENV.promptsBucket, ENV.recordingsBucket).

export const LOCAL_BUCKETS = {
  prompts: "ringflow-prompts",
  recordings: "ringflow-recordings",
} as const;

/**
 * Key prefixes inside the buckets. IAM grants and lifecycle rules are scoped to them: the edge
 * may only put under `recordings/` and get under `prompts/`, and recordings expire by prefix.
 */
export const BUCKET_PREFIXES = {
  prompts: "prompts/",
  recordings: "recordings/",
} as const;
