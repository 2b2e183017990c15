import {
  BUCKET_PREFIXES,
  EDGE_METRICS,
  EDGE_PORTS,
  RTP_CAPTURES_PREFIX,
  TABLE_SCHEMA,
} from "@ringflow/names";
import { Match, Template } from "aws-cdk-lib/assertions";
import { DEREGISTRATION_DELAY, STOP_TIMEOUT } from "../src/edge-stack.js";
import { testApp } from "./fixture.js";

// One synth of Dev and Prod for every assertion here (~10 s): synth runs cdk-nag's AwsSolutions
// pack as a policy-validation plugin and throws on any unacknowledged finding.
const { app, dev, prod } = testApp();
let synthError: unknown;
beforeAll(() => {
  try {
    app.synth();
  } catch (e) {
    synthError = e;
  }
}, 120_000);

const t = (stack: Parameters<typeof Template.fromStack>[0]) => Template.fromStack(stack);
/** The statements of every IAM policy attached to roles whose logical id starts with `prefix`. */
function statements(template: Template, rolePrefix: string): { Action: unknown; Resource: unknown }[] {
  const policies = template.findResources("AWS::IAM::Policy");
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(rolePrefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

test("cdk-nag AwsSolutions finds nothing unacknowledged in either stage", () => {
  expect(synthError).toBeUndefined();
});

describe("Data", () => {
  test("the table: keys and index from @ringflow/names, on-demand, PITR, TTL, deletion protection in prod", () => {
    const s = TABLE_SCHEMA;
    t(prod.data).hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "ringflow",
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: s.partitionKey, KeyType: "HASH" },
        { AttributeName: s.sortKey, KeyType: "RANGE" },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: s.ttlAttribute, Enabled: true },
      DeletionProtectionEnabled: true,
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: s.index.name,
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...s.index.nonKeyAttributes] },
        }),
      ],
    });
    t(prod.data).hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain" });
    t(dev.data).hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "ringflow-dev",
      DeletionProtectionEnabled: false,
    });
  });

  test("buckets block public access, enforce TLS, encrypt; recordings expire; CORS only for the designer", () => {
    const d = t(prod.data);
    const buckets = d.findResources("AWS::S3::Bucket");
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const b of Object.values(buckets)) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
        ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" },
      });
    }
    // Every bucket policy denies plain HTTP.
    const policies = Object.values(d.findResources("AWS::S3::BucketPolicy"));
    expect(policies).toHaveLength(3);
    for (const p of policies)
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      );
    d.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Prefix: BUCKET_PREFIXES.recordings,
            ExpirationInDays: 90,
            Transitions: [{ StorageClass: "STANDARD_IA", TransitionInDays: 30 }],
          }),
          Match.objectLike({ Prefix: RTP_CAPTURES_PREFIX, ExpirationInDays: 30 }),
        ],
      },
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedMethods: ["GET"], AllowedOrigins: [Match.anyValue()] })],
      },
    });
    d.hasResourceProperties("AWS::S3::Bucket", {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ["GET", "PUT"] })] },
    });
  });
});

describe("Functions", () => {
  const f = () => t(prod.functions);

  test("every function: the names from @ringflow/names, arm64, Node.js 24, log retention, table from the constants", () => {
    for (const name of ["ringflow-decision", "ringflow-traces", "ringflow-api", "ringflow-prompts"])
      f().hasResourceProperties("AWS::Lambda::Function", {
        FunctionName: name,
        Architectures: ["arm64"],
        Runtime: "nodejs24.x",
        Handler: "index.handler",
        Environment: { Variables: Match.objectLike({ TABLE_NAME: "ringflow" }) },
        LoggingConfig: { LogGroup: Match.anyValue() },
      });
    f().resourceCountIs("AWS::Lambda::Function", 4);
    f().hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/aws/lambda/ringflow-decision",
      RetentionInDays: 30,
    });
    t(dev.functions).hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "ringflow-decision-dev",
    });
    t(dev.functions).resourceCountIs("AWS::Lambda::Function", 3);
  });

  test("reserved and provisioned concurrency are props", () => {
    f().hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "ringflow-traces",
      ReservedConcurrentExecutions: 50,
    });
    f().hasResourceProperties("AWS::Lambda::Alias", {
      Name: "live",
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
  });

  test("least privilege: each role holds exactly the actions its code calls", () => {
    const fn = (name: string) => ({
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, `:lambda:eu-west-1:222222222222:function:${name}`],
      ],
    });
    const promptObjects = {
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, ":s3:::ringflow-prompts-222222222222-eu-west-1/prompts/*"],
      ],
    };
    const table = {
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, ":dynamodb:eu-west-1:222222222222:table/ringflow"],
      ],
    };
    const logs = (id: string) => ({
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Effect: "Allow",
      Resource: { "Fn::GetAtt": [expect.stringMatching(new RegExp(`^${id}Logs`)), "Arn"] },
    });
    expect(statements(f(), "DecisionRole")).toEqual([
      logs("Decision"),
      {
        Action: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"],
        Effect: "Allow",
        Resource: table,
      },
      {
        Action: "lambda:InvokeFunction",
        Effect: "Allow",
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":lambda:eu-west-1:222222222222:function:ringflow-customer-*",
            ],
          ],
        },
      },
    ]);
    expect(statements(f(), "TracesRole")).toEqual([
      logs("Traces"),
      { Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"], Effect: "Allow", Resource: table },
    ]);
    expect(statements(f(), "ApiRole")).toEqual([
      logs("Api"),
      {
        Action: [
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:Query",
        ],
        Effect: "Allow",
        Resource: table,
      },
      {
        Action: "dynamodb:Query",
        Effect: "Allow",
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              `:dynamodb:eu-west-1:222222222222:table/ringflow/index/${TABLE_SCHEMA.index.name}`,
            ],
          ],
        },
      },
      // Voicemail playback, under recordings/ only.
      {
        Action: "s3:GetObject",
        Effect: "Allow",
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":s3:::ringflow-recordings-222222222222-eu-west-1/recordings/*",
            ],
          ],
        },
      },
      // The prompt library, under prompts/ only.
      {
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Effect: "Allow",
        Resource: promptObjects,
      },
      {
        Action: "s3:ListBucket",
        Effect: "Allow",
        Resource: {
          "Fn::Join": [
            "",
            ["arn:", { Ref: "AWS::Partition" }, ":s3:::ringflow-prompts-222222222222-eu-west-1"],
          ],
        },
        Condition: { StringLike: { "s3:prefix": ["prompts/*"] } },
      },
      // Publishing renders text prompts through the prompts function.
      { Action: "lambda:InvokeFunction", Effect: "Allow", Resource: fn("ringflow-prompts") },
    ]);
    expect(statements(f(), "PromptsRole")).toEqual([
      logs("Prompts"),
      { Action: "polly:SynthesizeSpeech", Effect: "Allow", Resource: "*" },
      {
        Action: ["s3:GetObject", "s3:PutObject"],
        Effect: "Allow",
        Resource: {
          "Fn::Join": [
            "",
            ["arn:", { Ref: "AWS::Partition" }, ":s3:::ringflow-prompts-222222222222-eu-west-1/prompts/*"],
          ],
        },
      },
    ]);
    f().hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "ringflow-api",
      Environment: { Variables: Match.objectLike({ PROMPTS_FUNCTION: "ringflow-prompts" }) },
    });
    // The edge's public names (the NLB's DNS name from the Edge stack, and the configured ones):
    // the API refuses flows that route calls back to them.
    f().hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "ringflow-api",
      Environment: {
        Variables: Match.objectLike({
          RINGFLOW_EDGE_HOSTS: {
            "Fn::Join": [
              ",",
              [{ "Fn::ImportValue": Match.stringLikeRegexp("Edge.*Nlb") }, "sip.example.com"],
            ],
          },
        }),
      },
    });
    // The decision function refuses the same names at run time (a customer function's answer,
    // a flow published before the rule).
    f().hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "ringflow-decision",
      Environment: {
        Variables: Match.objectLike({
          RINGFLOW_EDGE_HOSTS: {
            "Fn::Join": [
              ",",
              [{ "Fn::ImportValue": Match.stringLikeRegexp("Edge.*Nlb") }, "sip.example.com"],
            ],
          },
        }),
      },
    });
    t(dev.functions).hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "ringflow-api-dev",
      Environment: { Variables: Match.not(Match.objectLike({ PROMPTS_FUNCTION: Match.anyValue() })) },
    });
    // No role carries a managed policy.
    for (const role of Object.values(f().findResources("AWS::IAM::Role")))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe("Api", () => {
  const a = () => t(prod.api);

  test("two HTTP APIs on the one function: JWT (Cognito) with CORS for the designer, in-app keys without", () => {
    a().resourceCountIs("AWS::ApiGatewayV2::Api", 2);
    a().hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: {
        AllowOrigins: [Match.anyValue()],
        AllowHeaders: ["authorization", "content-type", "if-match"],
        AllowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
        ExposeHeaders: ["etag"],
      },
    });
    a().hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    const routes = Object.values(a().findResources("AWS::ApiGatewayV2::Route"));
    expect(routes).toHaveLength(10);
    expect(routes.filter((r) => r.Properties.AuthorizationType === "JWT")).toHaveLength(5);
    expect(routes.filter((r) => r.Properties.AuthorizationType === "NONE")).toHaveLength(5);
    expect(routes.some((r) => /^(ANY|OPTIONS) /.test(r.Properties.RouteKey))).toBe(false);
  });

  test("stages throttle and write access logs", () => {
    a().resourcePropertiesCountIs(
      "AWS::ApiGatewayV2::Stage",
      {
        StageName: "$default",
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
        AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      },
      2,
    );
  });

  test("Cognito: no self sign-up, MFA, tenant and role readable but never writable by users", () => {
    a().hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "ON",
      Schema: Match.arrayWith([
        Match.objectLike({ Name: "tenant", Mutable: false }),
        Match.objectLike({ Name: "role", Mutable: true }),
      ]),
    });
    a().hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      ReadAttributes: Match.arrayWith(["custom:role", "custom:tenant"]),
      WriteAttributes: Match.not(Match.arrayWith(["custom:tenant"])),
    });
  });
});

describe("Web and Site", () => {
  test("private bucket behind CloudFront with OAC, SPA fallback and security headers", () => {
    const w = t(prod.web);
    w.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    w.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: "index.html",
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: "/index.html", ErrorCachingMinTTL: 0 },
          { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: "/index.html", ErrorCachingMinTTL: 0 },
        ],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: "redirect-to-https" }),
      }),
    });
    w.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: {
        Name: Match.anyValue(),
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            Override: true,
            ContentSecurityPolicy: Match.stringLikeRegexp("frame-ancestors 'none'"),
          },
          FrameOptions: { Override: true, FrameOption: "DENY" },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
          ContentTypeOptions: { Override: true },
        }),
      },
    });
  });

  test("config.json is written at deploy time with the API URL and Cognito ids", () => {
    const s = t(prod.site);
    const deploy = Object.values(s.findResources("Custom::CDKBucketDeployment"))[0];
    // The JSON source's markers resolve the API URL and Cognito ids during deployment.
    expect(JSON.stringify(deploy?.Properties.SourceMarkers)).toMatch(/PeopleStage|UsersA|Designer/);
    expect(deploy?.Properties.DistributionPaths).toEqual(["/index.html", "/config.json"]);
  });
});

describe("Edge", () => {
  const e = () => t(prod.edge);

  test("Fargate arm64 from the image prop, public IPs, min tasks, stopTimeout and drain sized together", () => {
    e().hasResourceProperties("AWS::ECS::TaskDefinition", {
      RuntimePlatform: { CpuArchitecture: "ARM64", OperatingSystemFamily: "LINUX" },
      RequiresCompatibilities: ["FARGATE"],
      ContainerDefinitions: [
        Match.objectLike({
          Name: "edge",
          StopTimeout: STOP_TIMEOUT.toSeconds(),
          ReadonlyRootFilesystem: true,
          PortMappings: [
            { ContainerPort: EDGE_PORTS.sip, Protocol: "udp", Name: "sip-udp" },
            { ContainerPort: EDGE_PORTS.sipTcp, Protocol: "tcp", Name: "sip-tcp" },
            { ContainerPort: EDGE_PORTS.health, Protocol: "tcp", Name: "health" },
          ],
          Environment: Match.arrayWith([
            { Name: "RINGFLOW_DECISION_FUNCTION", Value: "ringflow-decision:live" },
            { Name: "RINGFLOW_TRACES_FUNCTION", Value: "ringflow-traces" },
            { Name: "RINGFLOW_RTP_PORTS", Value: `${EDGE_PORTS.rtpMin}-${EDGE_PORTS.rtpMax}` },
            { Name: "RINGFLOW_S3_ENDPOINT", Value: "aws" },
            { Name: "RINGFLOW_PROMPTS_FUNCTION", Value: "ringflow-prompts" },
            { Name: "RINGFLOW_DRAIN_TIMEOUT_MS", Value: "110000" },
            { Name: "RINGFLOW_PLATFORM", Value: "aws" },
            { Name: "RINGFLOW_METRICS_SERVICE", Value: "ringflow-edge" },
          ]),
        }),
      ],
    });
    e().hasResourceProperties("AWS::ECS::Service", {
      LaunchType: "FARGATE",
      DesiredCount: 3,
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: "ENABLED" }) },
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 100 }),
    });
    // No RTP port mapping: the range is open in the security group instead.
    expect(STOP_TIMEOUT.toSeconds()).toBeLessThanOrEqual(120);
  });

  test("NLB: UDP 5060 and TLS 5061 (TCP 5061 without a certificate) to IP targets with an HTTP health check", () => {
    e().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 5060, Protocol: "UDP" });
    e().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 5061,
      Protocol: "TLS",
      Certificates: [{ CertificateArn: "arn:aws:acm:eu-west-1:222222222222:certificate/abc" }],
    });
    t(dev.edge).hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 5061,
      Protocol: "TCP",
    });
    for (const [port, protocol] of [
      [EDGE_PORTS.sip, "UDP"],
      [EDGE_PORTS.sipTcp, "TCP"],
    ] as const)
      e().hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
        Port: port,
        Protocol: protocol,
        TargetType: "ip",
        HealthCheckProtocol: "HTTP",
        HealthCheckPort: String(EDGE_PORTS.health),
        HealthCheckPath: "/health",
        TargetGroupAttributes: Match.arrayWith([
          { Key: "deregistration_delay.timeout_seconds", Value: String(DEREGISTRATION_DELAY.toSeconds()) },
        ]),
      });
    e().hasResourceProperties("AWS::ECS::Service", {
      LoadBalancers: Match.arrayWith([
        Match.objectLike({ ContainerName: "edge", ContainerPort: EDGE_PORTS.sip }),
        Match.objectLike({ ContainerName: "edge", ContainerPort: EDGE_PORTS.sipTcp }),
      ]),
    });
  });

  test("security groups: SIP and the RTP range from carrier CIDRs only, TCP and health from the NLB", () => {
    const groups = Object.values(e().findResources("AWS::EC2::SecurityGroup"));
    const ingress = groups.flatMap((g) => g.Properties.SecurityGroupIngress ?? []);
    expect(ingress.filter((r: { CidrIp?: string }) => r.CidrIp === "0.0.0.0/0")).toEqual([]);
    expect(ingress).toContainEqual(
      expect.objectContaining({
        CidrIp: "198.51.100.64/26",
        IpProtocol: "udp",
        FromPort: EDGE_PORTS.rtpMin,
        ToPort: EDGE_PORTS.rtpMax,
      }),
    );
    expect(ingress).toContainEqual(
      expect.objectContaining({ CidrIp: "203.0.113.8/29", IpProtocol: "udp", FromPort: 5060, ToPort: 5060 }),
    );
    expect(ingress).toContainEqual(
      expect.objectContaining({ CidrIp: "203.0.113.8/29", IpProtocol: "tcp", FromPort: 5061, ToPort: 5061 }),
    );
    // TCP in-dialog requests on a new connection reach the task at the port its Contact names.
    expect(ingress).toContainEqual(
      expect.objectContaining({
        CidrIp: "203.0.113.8/29",
        IpProtocol: "tcp",
        FromPort: EDGE_PORTS.sipTcp,
        ToPort: EDGE_PORTS.sipTcp,
      }),
    );
    const fromNlb = Object.values(e().findResources("AWS::EC2::SecurityGroupIngress")).map(
      (r) => r.Properties,
    );
    expect(fromNlb.map((r) => [r.IpProtocol, r.FromPort]).sort()).toEqual(
      [
        ["tcp", EDGE_PORTS.sipTcp],
        ["tcp", EDGE_PORTS.health],
      ].sort(),
    );
  });

  test("the task role holds exactly: invoke decision, traces and prompts, get prompts, put recordings, ENI lookup, task protection", () => {
    const fn = (name: string) => ({
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, `:lambda:eu-west-1:222222222222:function:${name}`],
      ],
    });
    const objects = (kind: string) => ({
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, `:s3:::ringflow-${kind}-222222222222-eu-west-1/${kind}/*`],
      ],
    });
    const s = statements(e(), "TaskTaskRole");
    expect(s).toEqual([
      {
        Action: "lambda:InvokeFunction",
        Effect: "Allow",
        Resource: [fn("ringflow-decision:live"), fn("ringflow-traces"), fn("ringflow-prompts")],
      },
      { Action: "s3:GetObject", Effect: "Allow", Resource: objects("prompts") },
      { Action: "s3:PutObject", Effect: "Allow", Resource: objects("recordings") },
      { Action: "ec2:DescribeNetworkInterfaces", Effect: "Allow", Resource: "*" },
      {
        Action: ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection"],
        Effect: "Allow",
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":ecs:eu-west-1:222222222222:task/",
              { Ref: expect.stringMatching(/^Cluster/) },
              "/*",
            ],
          ],
        },
      },
    ]);
  });

  test("autoscaling tracks average ActiveCalls (EMF), min 2+, with a scale-in cooldown", () => {
    e().hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", {
      MinCapacity: 3,
      MaxCapacity: 30,
    });
    e().hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 400,
        ScaleInCooldown: 600,
        ScaleOutCooldown: 60,
        CustomizedMetricSpecification: {
          Namespace: EDGE_METRICS.namespace,
          MetricName: EDGE_METRICS.activeCalls,
          Dimensions: [{ Name: EDGE_METRICS.serviceDimension, Value: "ringflow-edge" }],
          Statistic: "Average",
        },
      },
    });
    t(dev.edge).hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", { MinCapacity: 2 });
  });

  test("carrier CIDRs are checked at synth", () => {
    const { cidr } = require("../src/config.js") as typeof import("../src/config.js");
    expect(cidr("198.51.100.0/24")).toBe("198.51.100.0/24");
    for (const bad of ["0.0.0.0/0", "198.51.100.0", "198.51.100.300/24", "10.0.0.0/33", "any"])
      expect(() => cidr(bad)).toThrow(/CIDR/);
  });
});

describe("Observability", () => {
  test("the alarms: decision errors and p99, edge 503 rate, call failures, trace sheds, throttles; one dashboard", () => {
    const o = t(prod.observability);
    const alarms = Object.values(o.findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    const byMetric = (name: string) => alarms.filter((a) => JSON.stringify(a).includes(`"${name}"`));
    expect(byMetric("Errors")).toHaveLength(1);
    expect(alarms.filter((a) => a.ExtendedStatistic === "p99" && a.MetricName === "Duration")).toHaveLength(
      1,
    );
    expect(byMetric(EDGE_METRICS.refused503)).toHaveLength(1);
    expect(byMetric(EDGE_METRICS.callsFailed)).toHaveLength(1);
    expect(byMetric(EDGE_METRICS.tracesShed)).toHaveLength(1);
    expect(byMetric("Throttles")).toHaveLength(4);
    expect(byMetric("WriteThrottleEvents")).toHaveLength(1);
    expect(alarms).toHaveLength(10);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
    o.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    o.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.com" });
  });
});
