// Environment variable names the CDK app sets and the runtime reads.

/** The Lambda functions'. */
export const FUNCTION_ENV = {
  tableName: "TABLE_NAME",
  traceTtlDays: "TRACE_TTL_DAYS",
  routeTtlMs: "ROUTE_TTL_MS",
  logLevel: "LOG_LEVEL",
  promptsBucket: "PROMPTS_BUCKET",
  recordingsBucket: "RECORDINGS_BUCKET",
  /** The API's: the prompts function to render a published flow's text prompts with (unset = none). */
  promptsFunction: "PROMPTS_FUNCTION",
  /** The API's: the edge's public names (comma-separated host[:port]); a target there is a loop. */
  edgeHosts: "RINGFLOW_EDGE_HOSTS",
} as const;

/** The edge container's (each also a command-line flag; see edge/src/config.ts). */
export const EDGE_ENV = {
  listen: "RINGFLOW_EDGE_LISTEN",
  /** SIP over TCP on a port of its own besides the listen port (EDGE_PORTS.sipTcp on AWS). */
  tcpPort: "RINGFLOW_EDGE_TCP_PORT",
  advertise: "RINGFLOW_EDGE_ADVERTISE",
  invokeEndpoint: "RINGFLOW_INVOKE_ENDPOINT",
  invokeClient: "RINGFLOW_INVOKE_CLIENT",
  region: "RINGFLOW_REGION",
  decisionFunction: "RINGFLOW_DECISION_FUNCTION",
  tracesFunction: "RINGFLOW_TRACES_FUNCTION",
  decisionBudgetMs: "RINGFLOW_DECISION_BUDGET_MS",
  fallbacks: "RINGFLOW_FALLBACKS",
  retryAfter: "RINGFLOW_RETRY_AFTER",
  maxCalls: "RINGFLOW_MAX_CALLS",
  maxInviteRate: "RINGFLOW_MAX_INVITE_RATE",
  healthPort: "RINGFLOW_EDGE_HEALTH_PORT",
  traces: "RINGFLOW_TRACES",
  drainTimeoutMs: "RINGFLOW_DRAIN_TIMEOUT_MS",
  /** Proxies whose calls are rate-limited by the caller they carry, not by their own address. */
  trustedProxies: "RINGFLOW_TRUSTED_PROXIES",
  callerHeader: "RINGFLOW_CALLER_HEADER",
  /** `aws`: on ECS, learn the public address, protect the task while busy, emit EMF metrics. */
  platform: "RINGFLOW_PLATFORM",
  /** The value of the `Service` dimension on the edge's metrics (the ECS service's name). */
  metricsService: "RINGFLOW_METRICS_SERVICE",
  promptsBucket: "RINGFLOW_PROMPTS_BUCKET",
  recordingsBucket: "RINGFLOW_RECORDINGS_BUCKET",
  media: "RINGFLOW_MEDIA",
  rtpPorts: "RINGFLOW_RTP_PORTS",
  s3Endpoint: "RINGFLOW_S3_ENDPOINT",
  promptsFunction: "RINGFLOW_PROMPTS_FUNCTION",
  leadInMs: "RINGFLOW_LEAD_IN_MS",
  rtpTimeoutSec: "RINGFLOW_RTP_TIMEOUT_SEC",
  rtpHoldTimeoutSec: "RINGFLOW_RTP_HOLD_TIMEOUT_SEC",
  /** Ms of RTP sent to a caller's SDP address before any packet from it (reflection guard); `off`. */
  rtpUnheardSendMs: "RINGFLOW_RTP_UNHEARD_SEND_MS",
  promptCacheMb: "RINGFLOW_PROMPT_CACHE_MB",
  /** Memory for every RTP capture of the task together (flows with settings.captureRtp); 0 = never capture. */
  rtpCaptureMb: "RINGFLOW_RTP_CAPTURE_MB",
  /** `allow` | `refuse`: bridge legs to internal addresses (default: allow locally, refuse on aws). */
  internalTargets: "RINGFLOW_INTERNAL_TARGETS",
  /** The local stack's Invoke secret file (the local endpoint checks SigV4). */
  invokeSecretFile: "RINGFLOW_INVOKE_SECRET_FILE",
} as const;

/** The edge's CloudWatch metrics (embedded metric format on stdout). */
export const EDGE_METRICS = {
  namespace: "Ringflow/Edge",
  activeCalls: "ActiveCalls",
  /** INVITEs received (out of dialog): the denominator of the 503 rate. */
  invites: "Invites",
  /** INVITEs answered 503 (caps, drain, a failed decision without fallback). */
  refused503: "Refused503",
  callsFailed: "CallsFailed",
  callsEnded: "CallsEnded",
  tracesShed: "TracesShed",
  /** The one dimension every edge metric carries: which service (stage) it belongs to. */
  serviceDimension: "Service",
} as const;
