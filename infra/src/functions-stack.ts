import { join } from "node:path";
import {
  BUCKET_PREFIXES,
  CUSTOMER_FUNCTION_PREFIX,
  FUNCTION_ENV,
  type FunctionRole,
  TABLE_SCHEMA,
} from "@ringflow/names";
import { ArnFormat, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Alias } from "aws-cdk-lib/aws-lambda";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { FunctionOptions } from "./config.js";
import { RingflowFunction } from "./lambda-fn.js";
import { nagEnv, type StageNames } from "./names.js";
import { repoRoot } from "./paths.js";

export interface FunctionsStackProps extends StackProps {
  readonly names: StageNames;
  readonly options?: FunctionOptions;
  readonly logRetention: RetentionDays;
  readonly retainData: boolean;
  /** The edge's public names (the NLB's DNS name, a SIP domain): flows may not route to them. */
  readonly edgeHosts: readonly string[];
}

/** What the edge invokes for decisions: the function, or its `live` alias when provisioned. */
export const decisionTarget = (names: StageNames, o: FunctionOptions | undefined) =>
  (o?.decisionProvisioned ?? 0) > 0 ? `${names.fn("decision")}:live` : names.fn("decision");

/**
 * Ringflow's own Lambda functions, each with a role holding exactly the actions its code calls.
 * The table and buckets are named (StageNames), so statements carry names, not exports.
 */
export class FunctionsStack extends Stack {
  readonly decision: RingflowFunction;
  readonly traces: RingflowFunction;
  readonly api: RingflowFunction;
  readonly prompts?: RingflowFunction;
  /** The name the edge invokes for decisions: the function's, or `<name>:live` when provisioned. */
  readonly decisionTarget: string;

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    const o = props.options ?? {};
    const n = props.names;
    const env = nagEnv(this);
    const tableArn = this.formatArn({ service: "dynamodb", resource: "table", resourceName: n.table });
    const indexArn = `${tableArn}/index/${TABLE_SCHEMA.index.name}`;
    const objects = (kind: "prompts" | "recordings", prefix: string) =>
      `arn:${this.partition}:s3:::${n.bucket(this, kind)}/${prefix}*`;
    const make = (role: FunctionRole, timeout: Duration, environment: Record<string, string>) =>
      new RingflowFunction(this, role[0]?.toUpperCase() + role.slice(1), {
        functionName: n.fn(role),
        entry: o.entries?.[role] ?? join(repoRoot(), "functions", "src", "lambda", `${role}.ts`),
        timeout,
        environment: { [FUNCTION_ENV.tableName]: n.table, ...environment },
        reservedConcurrency: o.reservedConcurrency?.[role],
        logRetention: props.logRetention,
        removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
    const allow = (fn: RingflowFunction, actions: string[], resources: string[]) =>
      fn.role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));

    // Decisions read flows, versions and numbers (GetItem; the latest version is a descending
    // Query on the table), store a voicemail message when the edge reports a recording (PutItem),
    // keep each call in progress as one item (PutItem per step, DeleteItem at its end), and may
    // invoke customer functions, never Ringflow's own.
    // The edge's public names: a flow's answer that would route a call back into the edge is
    // refused at run time too (call loops), not only when the flow is saved.
    this.decision = make("decision", Duration.seconds(5), {
      [FUNCTION_ENV.edgeHosts]: Fn.join(",", [...props.edgeHosts]),
    });
    allow(
      this.decision,
      ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      [tableArn],
    );
    allow(
      this.decision,
      ["lambda:InvokeFunction"],
      [
        this.formatArn({
          service: "lambda",
          resource: "function",
          resourceName: `${CUSTOMER_FUNCTION_PREFIX}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    );
    Validations.of(this.decision.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:${env.region}:${env.account}:function:${CUSTOMER_FUNCTION_PREFIX}*]`,
      reason:
        "Customer decision functions are registered per tenant as ringflow-customer-<tenant>-<name>; IAM cannot know a call's tenant, so the decision function checks the tenant part before it invokes (docs/api.md).",
    });

    // Trace ingest writes one item per call (a conditional Put), and removes the live-call item a
    // failed decision may have left (DeleteItem).
    this.traces = make("traces", Duration.seconds(30), {});
    allow(this.traces, ["dynamodb:PutItem", "dynamodb:DeleteItem"], [tableArn]);

    // The prompts function renders text with Polly into the prompts bucket; a HEAD first (which
    // needs s3:GetObject; without ListBucket a missing key answers 403, which it reads as absent).
    if (o.prompts ?? true) {
      const prompts = make("prompts", Duration.seconds(30), {
        [FUNCTION_ENV.promptsBucket]: n.bucket(this, "prompts"),
      });
      allow(prompts, ["polly:SynthesizeSpeech"], ["*"]);
      allow(prompts, ["s3:GetObject", "s3:PutObject"], [objects("prompts", BUCKET_PREFIXES.prompts)]);
      Validations.of(prompts.role).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "polly:SynthesizeSpeech takes no resource but lexicons; the function uses none.",
      });
      Validations.of(prompts.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${n.nagBucket(this, "prompts")}/${BUCKET_PREFIXES.prompts}*]`,
        reason: "Prompts are keyed by a hash under the prompts/ prefix; the grant is that prefix only.",
      });
      this.prompts = prompts;
    }

    // The HTTP API reads and writes the tenant surface and lists through the index.
    // Publishing renders the version's text prompts through the prompts function.
    this.api = make("api", Duration.seconds(30), {
      [FUNCTION_ENV.promptsBucket]: n.bucket(this, "prompts"),
      [FUNCTION_ENV.recordingsBucket]: n.bucket(this, "recordings"),
      ...(this.prompts ? { [FUNCTION_ENV.promptsFunction]: n.fn("prompts") } : {}),
      [FUNCTION_ENV.edgeHosts]: Fn.join(",", [...props.edgeHosts]),
    });
    allow(
      this.api,
      [
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:Query",
      ],
      [tableArn],
    );
    allow(this.api, ["dynamodb:Query"], [indexArn]);
    // Voicemail playback: the recordings the edge wrote under recordings/.
    allow(this.api, ["s3:GetObject"], [objects("recordings", BUCKET_PREFIXES.recordings)]);
    Validations.of(this.api.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${n.nagBucket(this, "recordings")}/${BUCKET_PREFIXES.recordings}*]`,
      reason:
        "Voicemail messages are read by key under recordings/ (per mailbox and call); the grant is that prefix only.",
    });
    // The prompt library (upload, list, listen, delete) under prompts/ in the prompts bucket.
    allow(
      this.api,
      ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      [objects("prompts", BUCKET_PREFIXES.prompts)],
    );
    this.api.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["s3:ListBucket"],
        resources: [`arn:${this.partition}:s3:::${n.bucket(this, "prompts")}`],
        conditions: { StringLike: { "s3:prefix": [`${BUCKET_PREFIXES.prompts}*`] } },
      }),
    );
    Validations.of(this.api.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${n.nagBucket(this, "prompts")}/${BUCKET_PREFIXES.prompts}*]`,
      reason: "The prompt library's objects are per tenant under prompts/; the grant is that prefix only.",
    });
    if (this.prompts)
      allow(
        this.api,
        ["lambda:InvokeFunction"],
        [
          this.formatArn({
            service: "lambda",
            resource: "function",
            resourceName: n.fn("prompts"),
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      );

    if ((o.decisionProvisioned ?? 0) > 0) {
      new Alias(this, "DecisionLive", {
        aliasName: "live",
        version: this.decision.fn.currentVersion,
        provisionedConcurrentExecutions: o.decisionProvisioned,
      });
    }
    this.decisionTarget = decisionTarget(n, o);
  }
}
