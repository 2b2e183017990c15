import { LambdaClient } from "@aws-sdk/client-lambda";
import type { CallTrace } from "@ringflow/flow/protocol";
import type { EdgeStats } from "../edge.js";
import type { TraceSinkPort } from "../trace/sink.js";
import { EmfReporter } from "./emf.js";
import { discoverPublicAddress, ec2PublicIpLookup, type PublicIpLookup } from "./public-address.js";
import { agentProtectionPut, type ProtectionPut, TaskProtection } from "./task-protection.js";

// Where the edge runs decides three things it does beside SIP: which address it advertises,
// whether it keeps its task from being scaled in while it holds calls, and how it reports
// ActiveCalls. Locally: nothing of the kind. On ECS: the ENI's public IP, the agent's task
// protection, EMF lines on stdout.

export interface EdgePlatform {
  /** The address to advertise when the platform knows it (undefined: keep the configured one). */
  publicAddress(): Promise<string | undefined>;
  /** Starts watching the running edge (protection and metrics). */
  start(edge: { stats(): EdgeStats }, traces: TraceSinkPort): void;
  /** Stops the timers and releases protection (called after the drain). */
  stop(): Promise<void>;
}

export const localPlatform: EdgePlatform = {
  publicAddress: async () => undefined,
  start: () => {},
  stop: async () => {},
};

export interface AwsPlatformOptions {
  env: Record<string, string | undefined>;
  region: string;
  /** The `Service` dimension of the metrics (the ECS service's name). */
  service: string;
  /** Where EMF lines go (stdout). */
  write: (line: string) => void;
  /** Overrides for tests: the EC2 lookup and the agent's endpoint. */
  lookup?: PublicIpLookup;
  put?: ProtectionPut;
  now?: () => number;
  /** How often protection is re-evaluated, and how often a metrics line is written. */
  checkEveryMs?: number;
  metricsEveryMs?: number;
}

/** Calls that end in a failure: the flow could not be carried out (`failed`) or fell back. */
const FAILED = new Set<CallTrace["outcome"]>(["failed", "fallback"]);

export function awsPlatform(o: AwsPlatformOptions): EdgePlatform {
  const now = o.now ?? Date.now;
  const agent = o.env.ECS_AGENT_URI;
  const put = o.put ?? (agent ? agentProtectionPut(agent) : undefined);
  const protection = put ? new TaskProtection({ put, clock: { now } }) : undefined;
  const timers: NodeJS.Timeout[] = [];
  let report: (() => void) | undefined;
  return {
    publicAddress: () =>
      discoverPublicAddress({
        metadataUri: o.env.ECS_CONTAINER_METADATA_URI_V4,
        lookup:
          o.lookup ??
          ec2PublicIpLookup({
            region: o.region,
            credentials: () => new LambdaClient({ region: o.region }).config.credentials(),
          }),
      }),
    start(edge, traces) {
      // Ended and failed calls are counted as their traces are recorded (one per call).
      let ended = 0;
      let failed = 0;
      const record = traces.record.bind(traces);
      traces.record = (t: CallTrace) => {
        ended++;
        if (FAILED.has(t.outcome)) failed++;
        record(t);
      };
      const emf = new EmfReporter(
        o.service,
        () => {
          const s = edge.stats();
          const refused = s.refused.calls_cap + s.refused.rate_cap + s.refused.draining;
          return {
            activeCalls: s.callsInProgress,
            invites: s.callsTotal + refused,
            refused503: refused,
            callsEnded: ended,
            callsFailed: failed,
            tracesShed: s.traces.shed,
          };
        },
        o.write,
      );
      report = () => emf.emit(now());
      if (protection)
        timers.push(
          setInterval(() => void protection.update(edge.stats().callsInProgress), o.checkEveryMs ?? 5000),
        );
      timers.push(setInterval(report, o.metricsEveryMs ?? 60_000));
      for (const t of timers) t.unref();
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      report?.(); // the last period's counts
      await protection?.release();
    },
  };
}
