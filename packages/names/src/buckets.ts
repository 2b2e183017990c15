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

/** Every tenant's RTP captures (a lifecycle rule expires them with the traces that name them). */
export const RTP_CAPTURES_PREFIX = `${BUCKET_PREFIXES.recordings}rtp/`;

/**
 * Where the edge stores a call's captured RTP (a pcap) when its flow asks: under the recordings
 * prefix (the edge's put grant, the API's get grant and the lifecycle rule cover it), then the
 * tenant, so a reader can check that a key it was handed belongs to the tenant asking.
 */
export function rtpCapturePrefix(tenantId: string): string {
  return `${RTP_CAPTURES_PREFIX}${safeSegment(tenantId, 64) || "tenant"}/`;
}

export function rtpCaptureKey(tenantId: string, callId: string): string {
  return `${rtpCapturePrefix(tenantId)}${safeSegment(callId, 128) || "call"}.pcap`;
}

/** A key segment of safe characters; `.` and `..` alone cannot be segments. */
function safeSegment(s: string, max: number): string {
  const out = s.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, max);
  return /^\.+$/.test(out) ? out.replace(/\./g, "_") : out;
}
