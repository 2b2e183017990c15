import type { Duration } from "aws-cdk-lib";

// What differs between stages (dev, prod): everything else is the same code.

/** A SIP carrier the edge accepts traffic from. CIDRs are checked at synth (see `cidr`). */
export interface Carrier {
  /** For the security-group rule descriptions, e.g. "twilio". */
  readonly name: string;
  /** Where its SIP signalling comes from (UDP 5060, TLS/TCP 5061, and in-dialog to tasks). */
  readonly signalling: readonly string[];
  /** Where its RTP comes from (the task's RTP port range). */
  readonly media: readonly string[];
}

/** The edge's container image: a local asset (built by `cdk deploy`) or an ECR repository + tag. */
export type EdgeImage =
  | { readonly kind: "asset"; readonly directory: string; readonly file: string }
  | { readonly kind: "ecr"; readonly repositoryName: string; readonly tag: string };

export interface EdgeOptions {
  readonly image: EdgeImage;
  readonly carriers: readonly Carrier[];
  /** Other public names of the edge (a SIP domain pointing at the NLB): flows may not target them. */
  readonly publicNames?: readonly string[];
  /** ACM certificate for the TLS 5061 listener; without one, 5061 is plain TCP. */
  readonly tlsCertificateArn?: string;
  /** Tasks: at least 2 (one per AZ), at most `maxTasks`. */
  readonly minTasks?: number;
  readonly maxTasks?: number;
  /** The average ActiveCalls per task that autoscaling tracks. */
  readonly targetCallsPerTask?: number;
  readonly cpu?: number;
  readonly memoryMiB?: number;
}

export interface FunctionOptions {
  /** Reserved concurrency per function (undefined = the account's unreserved pool). */
  readonly reservedConcurrency?: Partial<Record<"decision" | "traces" | "api" | "prompts", number>>;
  /** Provisioned concurrency on the decision function's `live` alias (0 = none). */
  readonly decisionProvisioned?: number;
  /** Deploy the prompts function (functions/src/lambda/prompts.ts; default true). */
  readonly prompts?: boolean;
  /** Handler files other than functions/src/lambda/<role>.ts (absolute paths). */
  readonly entries?: Partial<Record<"decision" | "traces" | "api" | "prompts", string>>;
}

export interface RingflowStageConfig {
  /** "dev", "prod": part of every physical name that must be unique per account. */
  readonly stageName: string;
  /** Appended to Ringflow's function names (e.g. "-dev"); "" for the stage the edge defaults to. */
  readonly nameSuffix: string;
  readonly functions?: FunctionOptions;
  readonly edge: EdgeOptions;
  /** Where the designer is served from when it has its own domain; default: its CloudFront domain. */
  readonly designerOrigin?: string;
  /** The built designer (designer/dist); absent: a placeholder page is deployed. */
  readonly designerDist?: string;
  readonly recordingsExpireAfter?: Duration;
  readonly logRetentionDays?: 7 | 14 | 30 | 90 | 365;
  /** Where alarm notifications go (an email address subscribed to the alarm topic). */
  readonly alarmEmail?: string;
  /** Production keeps data on stack deletion and protects the table from deletion. */
  readonly retainData: boolean;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** An IPv4 CIDR, checked: a typo in a carrier range must fail synth, not open the wrong hole. */
export function cidr(value: string): string {
  const m = CIDR.exec(value);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32 || Number(m[5]) < 8)
    throw new Error(`not an IPv4 CIDR of /8 to /32: "${value}"`);
  return value;
}
