import { join } from "node:path";
import type { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Effect, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { repoRoot } from "./paths.js";

export interface RingflowFunctionProps {
  /** The physical function name (from @ringflow/names, plus the stage's suffix). */
  readonly functionName: string;
  /** The handler file (TypeScript, exporting `handler`). */
  readonly entry: string;
  readonly environment: Record<string, string>;
  readonly memorySize?: number;
  readonly timeout: Duration;
  readonly reservedConcurrency?: number;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * One of Ringflow's Lambda functions: arm64, Node.js 24, bundled by the local esbuild with the
 * workspace's source condition, its own log group with a retention, and its own role that can
 * write only to that log group (no managed policy); callers add exactly the data actions it uses.
 */
export class RingflowFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RingflowFunctionProps) {
    super(scope, id);
    const root = repoRoot();
    this.logGroup = new LogGroup(this, "Logs", {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new Role(this, "Role", { assumedBy: new ServicePrincipal("lambda.amazonaws.com") });
    this.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        // The log group's ARN ends in `:*`, which covers its streams.
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, "Fn", {
      functionName: props.functionName,
      entry: props.entry,
      handler: "handler",
      projectRoot: root,
      depsLockFilePath: join(root, "pnpm-lock.yaml"),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: "--enable-source-maps", ...props.environment },
      ...(props.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      bundling: {
        format: OutputFormat.CJS,
        target: "node24",
        minify: true,
        sourceMap: true,
        // Workspace packages resolve to their TypeScript sources, as in development.
        esbuildArgs: { "--conditions": "@ringflow/source" },
        forceDockerBundling: false,
      },
    });
  }
}
