import { networkInterfaces } from "node:os";
import { EDGE_ENV, FUNCTION_NAMES, LOCAL_BUCKETS } from "@ringflow/names";
import type { InvokeClientKind } from "./decision/invoker.js";
import { type PortRange, parsePortRange } from "./media/ports.js";

// Edge settings from environment variables and command-line flags (flags win). Every
// protection is a number where 0 means "off", so a load test switches them off by flag.

export interface EdgeConfig {
  /** Where the UDP and TCP listeners bind. */
  host: string;
  port: number;
  /**
   * An extra port (same host) where the edge also accepts SIP over TCP; 0 = none. On AWS the
   * NLB's TLS/TCP 5061 listener forwards here (ECS cannot map one port as both tcp and udp).
   */
  tcpPort: number;
  /** What goes into Via/Contact/Record-Route: the address peers must reach (NAT, AWS). */
  advertisedHost: string;
  advertisedPort: number;
  /**
   * The port put in Via/Contact for TCP: `tcpPort` when set (with the advertised host; the
   * public IP maps ports unchanged on AWS), else `advertisedPort`.
   */
  advertisedTcpPort: number;
  /** The Lambda Invoke API endpoint; undefined = AWS's own for the region. */
  invokeEndpoint: string | undefined;
  /** `http`: the edge's SigV4-signed HTTP client (fast); `sdk`: @aws-sdk/client-lambda. */
  invokeClient: InvokeClientKind;
  region: string;
  decisionFunction: string;
  tracesFunction: string;
  /** Per decision; well below SIP's Timer B (32 s). */
  decisionBudgetMs: number;
  /** Called number (user part) -> URI the call is redirected to when the decision fails. */
  fallbacks: Record<string, string>;
  /** Retry-After (seconds) of the 503 answered when there is no fallback, when capped or draining. */
  retryAfterSec: number;
  /** Calls in progress; 0 = no cap. */
  maxCalls: number;
  /** INVITEs per second per source IP; 0 = no cap. */
  maxInviteRatePerSource: number;
  /** Calls in progress per tenant (the tenant the first decision names); 0 = no cap. */
  maxCallsPerTenant: number;
  /** Outbound legs per tenant, held while the calls that started them last; 0 = no cap. */
  maxLegsPerTenant: number;
  /** Outbound legs one call may start; 0 = no cap. */
  maxLegsPerCall: number;
  /** HTTP health port (GET /health); 0 = none. */
  healthPort: number;
  /** Trace batching: flush at this many traces or after this long, shed beyond the buffer. */
  traceBatchSize: number;
  traceFlushMs: number;
  traceBufferMax: number;
  /** Record traces at all (the SIP-path benchmark switches them off). */
  traces: boolean;
  /** On SIGTERM, how long to wait for calls in progress before closing anyway. */
  drainTimeoutMs: number;
  /** UDP socket receive/send buffers (bytes): large, so bursts are not dropped by the kernel. */
  udpBufferBytes: number;
  /** Whether --advertise (or its variable) was given: then no platform overrides it. */
  advertiseSet: boolean;
  /** `aws`: learn the public address, protect the ECS task while busy, emit EMF (src/aws). */
  platform: "local" | "aws";
  /** The `Service` dimension of the EMF metrics. */
  metricsService: string;
  /**
   * Addresses of proxies in front of the edge (Kamailio, an SBC): their INVITEs are rate-limited
   * by the caller they carry (`callerHeader`, else the Via below the proxy's), not by the proxy.
   */
  trustedProxies: string[];
  /** A header a trusted proxy puts the caller's address in (e.g. X-Real-IP); unset: the second Via. */
  callerHeader: string | undefined;
  /** Answer calls locally for media actions (prompts, digits, recording); off: media_unsupported. */
  media: boolean;
  /** RTP (even) and RTCP (odd) ports, one pair per answered call (two while bridged after an answer). */
  rtpPorts: PortRange;
  /** The S3 endpoint for prompts and recordings; undefined = AWS's own for the region. */
  s3Endpoint: string | undefined;
  promptsBucket: string;
  recordingsBucket: string;
  /** Renders text prompts on demand (and finds their key). */
  promptsFunction: string;
  /** How long a caller may wait for a text prompt rendered on demand. */
  promptRenderBudgetMs: number;
  /** Decoded prompt audio kept in memory. */
  promptCacheBytes: number;
  /** RTP captures (flows with settings.captureRtp) held in memory at once, all calls; 0 = never capture. */
  rtpCaptureBytes: number;
  /** Before the first prompt: this long, or until the caller's first RTP packet. */
  leadInMs: number;
  /** End a call whose RTP stopped for this long (BYE); 0 = never. */
  rtpTimeoutSec: number;
  /** The same while the caller holds (it may send no RTP, only RTCP); 0 = never. */
  rtpHoldTimeoutSec: number;
  /**
   * Reflection guard: RTP (ms of 20 ms packets) sent toward the address a caller's SDP named
   * before any RTP from the caller (symmetric RTP latches to its first packet); then nothing
   * until it arrives. Infinity (`off`) = no cap; 0 = nothing before the caller is heard.
   */
  rtpUnheardSendMs: number;
  /**
   * Bridge legs may go to loopback, private or link-local addresses (after DNS). undefined: yes
   * on platform local (everything is on loopback), no on aws (protect/targets.ts).
   */
  allowInternalTargets: boolean | undefined;
  /** The local stack's Invoke secret file: invokes are signed with it (the endpoint checks them). */
  invokeSecretFile: string | undefined;
}

export const DEFAULTS: EdgeConfig = {
  host: "127.0.0.1",
  port: 5060,
  tcpPort: 0,
  advertisedHost: "127.0.0.1",
  advertisedPort: 5060,
  advertisedTcpPort: 5060,
  invokeEndpoint: "http://127.0.0.1:3001",
  invokeClient: "http",
  region: "us-east-1",
  decisionFunction: FUNCTION_NAMES.decision,
  tracesFunction: FUNCTION_NAMES.traces,
  decisionBudgetMs: 2000,
  fallbacks: {},
  retryAfterSec: 30,
  maxCalls: 2000,
  maxInviteRatePerSource: 200,
  maxCallsPerTenant: 500,
  maxLegsPerTenant: 1000,
  maxLegsPerCall: 30,
  healthPort: 0,
  traceBatchSize: 200,
  traceFlushMs: 250,
  traceBufferMax: 20_000,
  traces: true,
  drainTimeoutMs: 60_000,
  udpBufferBytes: 8 * 1024 * 1024,
  advertiseSet: false,
  platform: "local",
  metricsService: "ringflow-edge",
  trustedProxies: [],
  callerHeader: undefined,
  media: true,
  rtpPorts: { min: 20000, max: 29999 },
  s3Endpoint: "http://127.0.0.1:4569",
  promptsBucket: LOCAL_BUCKETS.prompts,
  recordingsBucket: LOCAL_BUCKETS.recordings,
  promptsFunction: FUNCTION_NAMES.prompts,
  promptRenderBudgetMs: 3000,
  promptCacheBytes: 64 * 1024 * 1024,
  rtpCaptureBytes: 256 * 1024 * 1024,
  leadInMs: 250,
  rtpTimeoutSec: 30,
  rtpHoldTimeoutSec: 1800,
  rtpUnheardSendMs: 3000,
  allowInternalTargets: undefined,
  invokeSecretFile: undefined,
};

export class ConfigError extends Error {
  readonly code = "config_invalid";
}

function int(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${name} must be a non-negative integer, got "${v}"`);
  return n;
}

function hostPort(name: string, v: string): [string, number | undefined] {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(v);
  if (!m) throw new ConfigError(`${name} must be host[:port], got "${v}"`);
  return [m[1] as string, m[2] === undefined ? undefined : int(name, m[2])];
}

function fallbackPairs(name: string, v: string, into: Record<string, string>): void {
  for (const pair of v.split(",").filter(Boolean)) {
    const i = pair.indexOf("=");
    if (i <= 0) throw new ConfigError(`${name} takes NUMBER=URI[,NUMBER=URI...], got "${pair}"`);
    into[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
}

// Variable names from @ringflow/names: the CDK app sets the same ones on the task.
const ENV: Record<string, string> = {
  [EDGE_ENV.listen]: "--listen",
  [EDGE_ENV.tcpPort]: "--tcp-port",
  [EDGE_ENV.advertise]: "--advertise",
  [EDGE_ENV.invokeEndpoint]: "--invoke-endpoint",
  [EDGE_ENV.invokeClient]: "--invoke-client",
  [EDGE_ENV.region]: "--region",
  [EDGE_ENV.decisionFunction]: "--decision-function",
  [EDGE_ENV.tracesFunction]: "--traces-function",
  [EDGE_ENV.decisionBudgetMs]: "--decision-budget-ms",
  [EDGE_ENV.fallbacks]: "--fallback",
  [EDGE_ENV.retryAfter]: "--retry-after",
  [EDGE_ENV.maxCalls]: "--max-calls",
  [EDGE_ENV.maxInviteRate]: "--max-invite-rate",
  [EDGE_ENV.healthPort]: "--health-port",
  [EDGE_ENV.traces]: "--traces",
  [EDGE_ENV.drainTimeoutMs]: "--drain-timeout-ms",
  [EDGE_ENV.platform]: "--platform",
  [EDGE_ENV.metricsService]: "--metrics-service",
  [EDGE_ENV.trustedProxies]: "--trusted-proxies",
  [EDGE_ENV.callerHeader]: "--caller-header",
  [EDGE_ENV.media]: "--media",
  [EDGE_ENV.rtpPorts]: "--rtp-ports",
  [EDGE_ENV.s3Endpoint]: "--s3-endpoint",
  [EDGE_ENV.promptsBucket]: "--prompts-bucket",
  [EDGE_ENV.recordingsBucket]: "--recordings-bucket",
  [EDGE_ENV.promptsFunction]: "--prompts-function",
  [EDGE_ENV.leadInMs]: "--lead-in-ms",
  [EDGE_ENV.rtpTimeoutSec]: "--rtp-timeout-sec",
  [EDGE_ENV.rtpHoldTimeoutSec]: "--rtp-hold-timeout-sec",
  [EDGE_ENV.rtpUnheardSendMs]: "--rtp-unheard-send-ms",
  [EDGE_ENV.promptCacheMb]: "--prompt-cache-mb",
  [EDGE_ENV.rtpCaptureMb]: "--rtp-capture-mb",
  [EDGE_ENV.internalTargets]: "--internal-targets",
  [EDGE_ENV.invokeSecretFile]: "--invoke-secret-file",
};

/** Usage text for `--help`. */
export const USAGE = `ringflow edge [flags]   (each flag also has an env var)
  --listen HOST:PORT            UDP+TCP listen address (RINGFLOW_EDGE_LISTEN, default 127.0.0.1:5060)
  --tcp-port N                  also accept SIP over TCP on this port (same host), advertised in Via/Contact
                                of TCP calls; 0 = none (RINGFLOW_EDGE_TCP_PORT)
  --advertise HOST[:PORT]       address put in Via/Contact/Record-Route (RINGFLOW_EDGE_ADVERTISE)
  --invoke-endpoint URL|aws     Lambda Invoke endpoint (RINGFLOW_INVOKE_ENDPOINT, default http://127.0.0.1:3001)
  --invoke-client http|sdk      the edge's signed HTTP client, or @aws-sdk/client-lambda (RINGFLOW_INVOKE_CLIENT, default http)
  --region R                    (RINGFLOW_REGION, default us-east-1)
  --decision-function NAME      (RINGFLOW_DECISION_FUNCTION, default ringflow-decision)
  --traces-function NAME        (RINGFLOW_TRACES_FUNCTION, default ringflow-traces)
  --decision-budget-ms N        (RINGFLOW_DECISION_BUDGET_MS, default 2000)
  --fallback NUMBER=URI[,...]   per-number fallback when a decision fails (RINGFLOW_FALLBACKS)
  --retry-after SEC             Retry-After of 503s (RINGFLOW_RETRY_AFTER, default 30)
  --max-calls N                 calls in progress, 0 = off (RINGFLOW_MAX_CALLS, default 2000)
  --max-invite-rate N           INVITEs/s per source IP, 0 = off (RINGFLOW_MAX_INVITE_RATE, default 200)
  --no-protection               both caps off (load tests)
  --health-port N               HTTP GET /health, 0 = none (RINGFLOW_EDGE_HEALTH_PORT)
  --traces on|off               record call traces (RINGFLOW_TRACES, default on)
  --drain-timeout-ms N          SIGTERM drain limit (RINGFLOW_DRAIN_TIMEOUT_MS, default 60000)
  --platform local|aws          aws: advertise the task's public IP, ECS task protection, EMF metrics (RINGFLOW_PLATFORM)
  --metrics-service NAME        the Service dimension of EMF metrics (RINGFLOW_METRICS_SERVICE, default ringflow-edge)
  --trusted-proxies IP[,IP...]  proxies whose calls are rate-limited per caller (RINGFLOW_TRUSTED_PROXIES)
  --caller-header NAME          header carrying the caller's address from a trusted proxy (RINGFLOW_CALLER_HEADER;
                                default: the Via below the proxy's)
  --media on|off                answer calls for prompts, digits, recording (RINGFLOW_MEDIA, default on)
  --rtp-ports MIN-MAX           RTP/RTCP port range (RINGFLOW_RTP_PORTS, default 20000-29999)
  --s3-endpoint URL|aws         prompts and recordings (RINGFLOW_S3_ENDPOINT, default http://127.0.0.1:4569)
  --prompts-bucket NAME         (RINGFLOW_PROMPTS_BUCKET, default ringflow-prompts)
  --recordings-bucket NAME      (RINGFLOW_RECORDINGS_BUCKET, default ringflow-recordings)
  --prompts-function NAME       renders text prompts (RINGFLOW_PROMPTS_FUNCTION, default ringflow-prompts)
  --lead-in-ms N                wait before the first prompt, or the caller's first RTP (RINGFLOW_LEAD_IN_MS, default 250)
  --rtp-timeout-sec N           BYE after this long without RTP, 0 = never (RINGFLOW_RTP_TIMEOUT_SEC, default 30)
  --rtp-hold-timeout-sec N      the same while the caller holds, RTCP counts, 0 = never
                                (RINGFLOW_RTP_HOLD_TIMEOUT_SEC, default 1800)
  --rtp-unheard-send-ms N|off   RTP sent to the caller's SDP address before its first RTP packet (reflection
                                guard), then none until it arrives; off = no cap, for benches whose receivers
                                stay silent (RINGFLOW_RTP_UNHEARD_SEND_MS, default 3000)
  --prompt-cache-mb N           prompt audio kept in memory (RINGFLOW_PROMPT_CACHE_MB, default 64)
  --rtp-capture-mb N            RTP captures held at once, all calls (flows with settings.captureRtp);
                                0 = never capture (RINGFLOW_RTP_CAPTURE_MB, default 256)
  --internal-targets allow|refuse  bridge legs to loopback/private/link-local addresses (after DNS)
                                (RINGFLOW_INTERNAL_TARGETS, default allow on platform local, refuse on aws)
  --invoke-secret-file PATH     sign local invokes with the local stack's secret (RINGFLOW_INVOKE_SECRET_FILE)`;

/** Build the config from env (first) and argv flags (override). */
export function loadConfig(env: Record<string, string | undefined>, argv: string[]): EdgeConfig {
  const cfg: EdgeConfig = { ...DEFAULTS, fallbacks: {}, trustedProxies: [] };
  let advertised = false;
  const apply = (flag: string, value: string | undefined): void => {
    const need = (): string => {
      if (value === undefined) throw new ConfigError(`${flag} needs a value`);
      return value;
    };
    switch (flag) {
      case "--listen": {
        const [h, p] = hostPort(flag, need());
        cfg.host = h;
        if (p !== undefined) cfg.port = p;
        break;
      }
      case "--tcp-port": {
        const p = int(flag, need());
        if (p > 65535) throw new ConfigError(`${flag} must be a port (0-65535), got "${value}"`);
        cfg.tcpPort = p;
        break;
      }
      case "--advertise": {
        const [h, p] = hostPort(flag, need());
        cfg.advertisedHost = h;
        if (p !== undefined) cfg.advertisedPort = p;
        advertised = true;
        break;
      }
      case "--invoke-endpoint":
        cfg.invokeEndpoint = need() === "aws" ? undefined : need();
        break;
      case "--invoke-client": {
        const v = need();
        if (v !== "http" && v !== "sdk") throw new ConfigError(`${flag} is http or sdk, got "${v}"`);
        cfg.invokeClient = v;
        break;
      }
      case "--region":
        cfg.region = need();
        break;
      case "--decision-function":
        cfg.decisionFunction = need();
        break;
      case "--traces-function":
        cfg.tracesFunction = need();
        break;
      case "--decision-budget-ms":
        cfg.decisionBudgetMs = int(flag, need());
        break;
      case "--fallback":
        fallbackPairs(flag, need(), cfg.fallbacks);
        break;
      case "--retry-after":
        cfg.retryAfterSec = int(flag, need());
        break;
      case "--max-calls":
        cfg.maxCalls = int(flag, need());
        break;
      case "--max-invite-rate":
        cfg.maxInviteRatePerSource = int(flag, need());
        break;
      case "--max-calls-per-tenant":
        cfg.maxCallsPerTenant = int(flag, need());
        break;
      case "--max-legs-per-tenant":
        cfg.maxLegsPerTenant = int(flag, need());
        break;
      case "--max-legs-per-call":
        cfg.maxLegsPerCall = int(flag, need());
        break;
      case "--health-port":
        cfg.healthPort = int(flag, need());
        break;
      case "--traces":
        cfg.traces = !/^(off|0|false|no)$/i.test(need());
        break;
      case "--drain-timeout-ms":
        cfg.drainTimeoutMs = int(flag, need());
        break;
      case "--platform": {
        const v = need();
        if (v !== "local" && v !== "aws") throw new ConfigError(`${flag} is local or aws, got "${v}"`);
        cfg.platform = v;
        break;
      }
      case "--metrics-service":
        cfg.metricsService = need();
        break;
      case "--trusted-proxies":
        cfg.trustedProxies = need()
          .split(",")
          .map((a) => a.trim())
          .filter(Boolean);
        break;
      case "--caller-header":
        cfg.callerHeader = need().trim().toLowerCase() || undefined;
        break;
      case "--invoke-secret-file":
        cfg.invokeSecretFile = need();
        break;
      case "--internal-targets": {
        const v = need();
        if (v !== "allow" && v !== "refuse") throw new ConfigError(`${flag} is allow or refuse, got "${v}"`);
        cfg.allowInternalTargets = v === "allow";
        break;
      }
      case "--media":
        cfg.media = !/^(off|0|false|no)$/i.test(need());
        break;
      case "--rtp-ports": {
        const r = parsePortRange(need());
        if (!r)
          throw new ConfigError(
            `${flag} takes MIN-MAX within 1024-65535 (at least one even/odd pair), got "${value}"`,
          );
        cfg.rtpPorts = r;
        break;
      }
      case "--s3-endpoint":
        cfg.s3Endpoint = need() === "aws" ? undefined : need();
        break;
      case "--prompts-bucket":
        cfg.promptsBucket = need();
        break;
      case "--recordings-bucket":
        cfg.recordingsBucket = need();
        break;
      case "--prompts-function":
        cfg.promptsFunction = need();
        break;
      case "--lead-in-ms":
        cfg.leadInMs = int(flag, need());
        break;
      case "--rtp-timeout-sec":
        cfg.rtpTimeoutSec = int(flag, need());
        break;
      case "--rtp-hold-timeout-sec":
        cfg.rtpHoldTimeoutSec = int(flag, need());
        break;
      case "--rtp-unheard-send-ms": {
        const v = need();
        cfg.rtpUnheardSendMs = /^off$/i.test(v) ? Number.POSITIVE_INFINITY : int(flag, v);
        break;
      }
      case "--prompt-cache-mb":
        cfg.promptCacheBytes = int(flag, need()) * 1024 * 1024;
        break;
      case "--rtp-capture-mb":
        cfg.rtpCaptureBytes = int(flag, need()) * 1024 * 1024;
        break;
      default:
        throw new ConfigError(`unknown flag ${flag}`);
    }
  };
  for (const [name, flag] of Object.entries(ENV)) {
    const v = env[name];
    if (v !== undefined && v !== "") apply(flag, v);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--no-protection") {
      cfg.maxCalls = 0;
      cfg.maxInviteRatePerSource = 0;
      cfg.maxCallsPerTenant = 0;
      cfg.maxLegsPerTenant = 0;
      cfg.maxLegsPerCall = 0;
      continue;
    }
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0 && arg !== "--fallback") {
      apply(arg.slice(0, eq), arg.slice(eq + 1));
    } else {
      apply(arg, argv[++i]);
    }
  }
  cfg.advertiseSet = advertised;
  if (!advertised) {
    cfg.advertisedHost = cfg.host === "0.0.0.0" ? firstExternalIpv4() : cfg.host;
    cfg.advertisedPort = cfg.port;
  }
  if (cfg.tcpPort !== 0 && cfg.tcpPort === cfg.port)
    throw new ConfigError(`--tcp-port ${cfg.tcpPort} is the --listen port, which takes TCP already`);
  cfg.advertisedTcpPort = cfg.tcpPort || cfg.advertisedPort;
  return cfg;
}

/** For a wildcard listen address without --advertise: the first non-loopback IPv4 address. */
function firstExternalIpv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}
