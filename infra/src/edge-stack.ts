import { BUCKET_PREFIXES, EDGE_ENV, EDGE_METRICS, EDGE_PORTS } from "@ringflow/names";
import {
  ArnFormat,
  CfnOutput,
  type CfnResource,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from "aws-cdk-lib";
import { Metric } from "aws-cdk-lib/aws-cloudwatch";
import {
  FlowLogDestination,
  FlowLogTrafficType,
  IpAddresses,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from "aws-cdk-lib/aws-ec2";
import { Repository } from "aws-cdk-lib/aws-ecr";
import { Platform } from "aws-cdk-lib/aws-ecr-assets";
import {
  Cluster,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  Protocol as EcsProtocol,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
} from "aws-cdk-lib/aws-ecs";
import {
  ListenerCertificate,
  NetworkLoadBalancer,
  NetworkTargetGroup,
  Protocol,
  TargetType,
} from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { cidr, type EdgeOptions } from "./config.js";
import { nagEnv, type StageNames } from "./names.js";

export interface EdgeStackProps extends StackProps {
  readonly options: EdgeOptions;
  readonly names: StageNames;
  /** The decision function's name, `<name>:live` when it has provisioned concurrency. */
  readonly decisionFunction: string;
  readonly logRetention: RetentionDays;
  readonly retainData: boolean;
}

/**
 * ECS's longest stopTimeout: SIGTERM, then SIGKILL this much later. Calls that outlive it are
 * what task scale-in protection is for (the edge protects its task while it holds calls).
 */
export const STOP_TIMEOUT = Duration.seconds(120);
/** The edge's own drain limit, inside stopTimeout so it exits cleanly before SIGKILL. */
export const DRAIN_TIMEOUT = Duration.seconds(110);
/**
 * How long the NLB keeps forwarding a deregistered target's existing flows. ECS waits for it
 * before SIGTERM, so retransmissions and in-flight INVITE transactions (Timer B: 32 s) finish
 * on the task that started them; in-dialog requests never use the NLB (they go to the task).
 */
export const DEREGISTRATION_DELAY = Duration.seconds(60);

/**
 * The SIP edge on ECS Fargate (arm64) behind a Network Load Balancer:
 *  - UDP 5060 -> target port 5060/udp; TLS (or TCP) 5061 -> target port 5062/tcp. ECS refuses
 *    one container port mapped as both tcp and udp, and the NLB will not take a TCP and a UDP
 *    listener on one port, so the edge listens for TCP on a port of its own (EDGE_PORTS.sipTcp).
 *  - Health: HTTP GET /health on its own port (UDP target groups need a TCP/HTTP check); it
 *    answers 503 while draining, so the NLB stops sending new flows.
 *  - Tasks have public IPs; RTP and in-dialog requests go straight to them (the edge learns its
 *    public address through its ENI and advertises it), so the security group opens SIP and
 *    the RTP range to the carriers' CIDRs only.
 */
export class EdgeStack extends Stack {
  readonly service: FargateService;
  readonly nlb: NetworkLoadBalancer;
  readonly cluster: Cluster;
  /** The ECS service's name, also the `Service` dimension of the edge's metrics. */
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const o = props.options;
    const n = props.names;
    const fnArn = (name: string) =>
      this.formatArn({
        service: "lambda",
        resource: "function",
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const objects = (kind: "prompts" | "recordings") =>
      `arn:${this.partition}:s3:::${n.bucket(this, kind)}/${BUCKET_PREFIXES[kind]}*`;
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    if (o.carriers.length === 0) throw new Error("the edge needs at least one carrier to accept calls from");
    const minTasks = Math.max(2, o.minTasks ?? 2);

    // Public subnets only: tasks need public IPs for RTP; no NAT gateway to pay for.
    const vpc = new Vpc(this, "Vpc", {
      ipAddresses: IpAddresses.cidr("10.40.0.0/16"),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: "public", subnetType: SubnetType.PUBLIC, cidrMask: 20 }],
    });
    const flowLogs = new LogGroup(this, "FlowLogs", { retention: props.logRetention, removalPolicy });
    vpc.addFlowLog("Flows", {
      destination: FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: FlowLogTrafficType.REJECT,
    });

    this.cluster = new Cluster(this, "Cluster", { vpc, containerInsightsV2: ContainerInsights.ENABLED });

    const task = new FargateTaskDefinition(this, "Task", {
      cpu: o.cpu ?? 1024,
      memoryLimitMiB: o.memoryMiB ?? 2048,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.ARM64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
    });
    const logs = new LogGroup(this, "Logs", { retention: props.logRetention, removalPolicy });
    const image =
      o.image.kind === "asset"
        ? ContainerImage.fromAsset(o.image.directory, { file: o.image.file, platform: Platform.LINUX_ARM64 })
        : ContainerImage.fromEcrRepository(
            Repository.fromRepositoryName(this, "Repo", o.image.repositoryName),
            o.image.tag,
          );
    const serviceName = `ringflow-edge${n.suffix}`;
    this.serviceName = serviceName;
    task.addContainer("edge", {
      image,
      essential: true,
      stopTimeout: STOP_TIMEOUT,
      logging: LogDrivers.awsLogs({ logGroup: logs, streamPrefix: "edge" }),
      environment: {
        [EDGE_ENV.listen]: `0.0.0.0:${EDGE_PORTS.sip}`,
        // TLS/TCP 5061 on the NLB forwards here; the edge takes TCP on this port besides 5060 and
        // advertises the task's public IP with it in Via/Contact of TCP calls (docs/deploy.md,
        // "TCP and TLS").
        [EDGE_ENV.tcpPort]: String(EDGE_PORTS.sipTcp),
        [EDGE_ENV.invokeEndpoint]: "aws",
        [EDGE_ENV.region]: this.region,
        [EDGE_ENV.decisionFunction]: props.decisionFunction,
        [EDGE_ENV.tracesFunction]: n.fn("traces"),
        [EDGE_ENV.healthPort]: String(EDGE_PORTS.health),
        // Media: the RTP range the security group opens; S3 and the prompts function on AWS.
        [EDGE_ENV.rtpPorts]: `${EDGE_PORTS.rtpMin}-${EDGE_PORTS.rtpMax}`,
        [EDGE_ENV.s3Endpoint]: "aws",
        [EDGE_ENV.promptsFunction]: n.fn("prompts"),
        [EDGE_ENV.drainTimeoutMs]: String(DRAIN_TIMEOUT.toMilliseconds()),
        [EDGE_ENV.platform]: "aws",
        [EDGE_ENV.promptsBucket]: n.bucket(this, "prompts"),
        [EDGE_ENV.recordingsBucket]: n.bucket(this, "recordings"),
        [EDGE_ENV.metricsService]: serviceName,
      },
      // Only SIP and health: RTP needs no mapping under awsvpc (the security group opens it).
      portMappings: [
        { containerPort: EDGE_PORTS.sip, protocol: EcsProtocol.UDP, name: "sip-udp" },
        { containerPort: EDGE_PORTS.sipTcp, protocol: EcsProtocol.TCP, name: "sip-tcp" },
        { containerPort: EDGE_PORTS.health, protocol: EcsProtocol.TCP, name: "health" },
      ],
      healthCheck: {
        command: [
          "CMD",
          "node",
          "-e",
          `fetch("http://127.0.0.1:${EDGE_PORTS.health}/health").then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(20),
      },
      readonlyRootFilesystem: true,
      user: "1000",
    });

    // The task role: exactly what the edge calls.
    const role = task.taskRole;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["lambda:InvokeFunction"],
        // The prompts function renders text only a customer decision knows, on demand.
        resources: [fnArn(props.decisionFunction), fnArn(n.fn("traces")), fnArn(n.fn("prompts"))],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["s3:GetObject"],
        resources: [objects("prompts")],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["s3:PutObject"],
        resources: [objects("recordings")],
      }),
    );
    // Its own public IP: the task's ENI (Describe* has no resource-level permissions).
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["ec2:DescribeNetworkInterfaces"],
        resources: ["*"],
      }),
    );
    // Scale-in protection through the agent's endpoint, which calls ECS with the task role.
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection"],
        resources: [
          this.formatArn({ service: "ecs", resource: "task", resourceName: `${this.cluster.clusterName}/*` }),
        ],
      }),
    );

    const tasksSg = new SecurityGroup(this, "TasksSg", {
      vpc,
      description: "Ringflow edge tasks: SIP and RTP from carriers, health from the VPC",
      allowAllOutbound: true,
    });
    const nlbSg = new SecurityGroup(this, "NlbSg", {
      vpc,
      description: "Ringflow edge NLB: SIP from carriers",
      allowAllOutbound: true,
    });
    for (const c of o.carriers) {
      for (const block of c.signalling) {
        const peer = Peer.ipv4(cidr(block));
        // Through the NLB (UDP keeps the client's address) and straight to tasks (in-dialog).
        tasksSg.addIngressRule(peer, Port.udp(EDGE_PORTS.sip), `${c.name} SIP/UDP`);
        nlbSg.addIngressRule(peer, Port.udp(EDGE_PORTS.sip), `${c.name} SIP/UDP`);
        nlbSg.addIngressRule(peer, Port.tcp(5061), `${c.name} SIP/TLS`);
        // A TCP caller that opens a new connection for an in-dialog request reaches the task
        // that owns the dialog at the port its Contact names (TLS callers keep their connection).
        tasksSg.addIngressRule(peer, Port.tcp(EDGE_PORTS.sipTcp), `${c.name} SIP/TCP in-dialog`);
      }
      for (const block of c.media) {
        tasksSg.addIngressRule(
          Peer.ipv4(cidr(block)),
          Port.udpRange(EDGE_PORTS.rtpMin, EDGE_PORTS.rtpMax),
          `${c.name} RTP`,
        );
      }
    }
    // TCP through the NLB arrives from the NLB (no client IP preservation for TCP IP targets);
    // health checks too.
    tasksSg.addIngressRule(nlbSg, Port.tcp(EDGE_PORTS.sipTcp), "SIP/TCP from the NLB");
    tasksSg.addIngressRule(nlbSg, Port.tcp(EDGE_PORTS.health), "health checks from the NLB");

    this.service = new FargateService(this, "Service", {
      cluster: this.cluster,
      taskDefinition: task,
      serviceName,
      desiredCount: minTasks,
      assignPublicIp: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      securityGroups: [tasksSg],
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      healthCheckGracePeriod: Duration.seconds(30),
    });

    this.nlb = new NetworkLoadBalancer(this, "Nlb", {
      vpc,
      internetFacing: true,
      crossZoneEnabled: true,
      securityGroups: [nlbSg],
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
    });
    const accessLogs = this.node.tryGetContext("ringflow:nlbAccessLogs") as string | undefined;
    if (accessLogs === undefined)
      Validations.of(this.nlb).acknowledge({
        id: "AwsSolutions-ELB2",
        reason: "NLB access logs cover TLS listeners only; SIP calls are traced per call by the edge itself.",
      });

    const healthCheck = {
      protocol: Protocol.HTTP,
      port: String(EDGE_PORTS.health),
      path: "/health",
      interval: Duration.seconds(10),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 2,
    };
    const udp = new NetworkTargetGroup(this, "SipUdp", {
      vpc,
      port: EDGE_PORTS.sip,
      protocol: Protocol.UDP,
      targetType: TargetType.IP,
      healthCheck,
      deregistrationDelay: DEREGISTRATION_DELAY,
    });
    udp.addTarget(
      this.service.loadBalancerTarget({
        containerName: "edge",
        containerPort: EDGE_PORTS.sip,
        protocol: EcsProtocol.UDP,
      }),
    );
    const tcp = new NetworkTargetGroup(this, "SipTcp", {
      vpc,
      port: EDGE_PORTS.sipTcp,
      protocol: Protocol.TCP,
      targetType: TargetType.IP,
      healthCheck,
      deregistrationDelay: DEREGISTRATION_DELAY,
    });
    tcp.addTarget(
      this.service.loadBalancerTarget({ containerName: "edge", containerPort: EDGE_PORTS.sipTcp }),
    );

    this.nlb.addListener("Udp5060", {
      port: EDGE_PORTS.sip,
      protocol: Protocol.UDP,
      defaultTargetGroups: [udp],
    });
    this.nlb.addListener("Tls5061", {
      port: 5061,
      ...(o.tlsCertificateArn
        ? {
            protocol: Protocol.TLS,
            certificates: [ListenerCertificate.fromArn(o.tlsCertificateArn)],
          }
        : { protocol: Protocol.TCP }),
      defaultTargetGroups: [tcp],
    });

    new CfnOutput(this, "SipAddress", {
      value: this.nlb.loadBalancerDnsName,
      description: "Where carriers send new calls: UDP 5060, TLS/TCP 5061",
    });

    // Scale on calls, not CPU: every task emits ActiveCalls (EMF); the policy tracks the average.
    const scaling = this.service.autoScaleTaskCount({ minCapacity: minTasks, maxCapacity: o.maxTasks ?? 20 });
    scaling.scaleToTrackCustomMetric("ActiveCalls", {
      metric: activeCallsMetric(serviceName),
      targetValue: o.targetCallsPerTask ?? 500,
      // Slow in, quick out: a scale-in only removes idle (unprotected) tasks anyway.
      scaleInCooldown: Duration.minutes(10),
      scaleOutCooldown: Duration.seconds(60),
    });

    for (const [id, reason] of [
      [
        "AwsSolutions-ECS2",
        "The environment holds names (functions, buckets, ports), never secrets; the edge takes credentials from the task role.",
      ],
      [
        "AwsSolutions-EC23",
        "No rule is open to the world: carrier CIDRs are typed props checked at synth (see config.ts).",
      ],
    ] as const) {
      Validations.of(this).acknowledge({ id, reason });
    }
    const taskFindings: [string, string][] = [
      [
        "Resource::*",
        "ec2:DescribeNetworkInterfaces has no resource-level permissions; the edge reads its own ENI's public IP.",
      ],
      [
        `Resource::arn:<AWS::Partition>:s3:::${n.nagBucket(this, "prompts")}/${BUCKET_PREFIXES.prompts}*`,
        "The edge reads any prompt (keyed by hash) under the prompts/ prefix, and nothing else.",
      ],
      [
        `Resource::arn:<AWS::Partition>:s3:::${n.nagBucket(this, "recordings")}/${BUCKET_PREFIXES.recordings}*`,
        "The edge writes recordings under the recordings/ prefix only (keys are per call, not known in advance).",
      ],
      [
        `Resource::arn:<AWS::Partition>:ecs:${nagEnv(this).region}:${nagEnv(this).account}:task/<${Stack.of(this).getLogicalId(this.cluster.node.defaultChild as CfnResource)}>/*`,
        "Task protection for this cluster's tasks: a task's ARN is known only once it runs.",
      ],
    ];
    for (const [finding, reason] of taskFindings)
      Validations.of(task.taskRole).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    Validations.of(task.obtainExecutionRole()).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "ecr:GetAuthorizationToken (pulling the image) has no resource-level permissions.",
    });
  }
}

/** The average ActiveCalls of a service's tasks: what autoscaling tracks and the dashboard shows. */
export const activeCallsMetric = (serviceName: string) =>
  new Metric({
    namespace: EDGE_METRICS.namespace,
    metricName: EDGE_METRICS.activeCalls,
    dimensionsMap: { [EDGE_METRICS.serviceDimension]: serviceName },
    statistic: "Average",
    period: Duration.minutes(1),
  });
