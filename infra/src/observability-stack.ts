import { EDGE_METRICS, type FunctionRole } from "@ringflow/names";
import { Duration, Stack, type StackProps, Validations } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import { activeCallsMetric } from "./edge-stack.js";
import type { StageNames } from "./names.js";

export interface ObservabilityStackProps extends StackProps {
  readonly names: StageNames;
  /** Ringflow's functions in this stage (the decision function among them). */
  readonly functions: readonly FunctionRole[];
  /** The edge's ECS service name: the `Service` dimension of its EMF metrics. */
  readonly edgeService: string;
  readonly alarmEmail?: string;
  /** Alarm thresholds; defaults are a starting point, tune per stage. */
  readonly thresholds?: Partial<typeof DEFAULT_THRESHOLDS>;
}

export const DEFAULT_THRESHOLDS = {
  /** Decision errors per minute. */
  decisionErrors: 1,
  /** Decision p99 duration (ms): the edge's budget is 2,000 ms. */
  decisionP99Ms: 1000,
  /** Share of INVITEs the edge answered 503 (caps, drain, failed decisions), percent. */
  edge503Percent: 5,
  /** Share of ended calls that failed, percent. */
  callFailurePercent: 10,
  /** Traces shed (the edge's buffer was full) per 5 minutes. */
  tracesShed: 1,
};

/** The alarms on what hurts callers, and one dashboard for the stage. */
export class ObservabilityStack extends Stack {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const t = { ...DEFAULT_THRESHOLDS, ...props.thresholds };
    const fns = props.functions.map((role) => ({
      role,
      fn: LambdaFunction.fromFunctionName(this, `Fn${role}`, props.names.fn(role)),
    }));
    const decision = LambdaFunction.fromFunctionName(this, "Decision", props.names.fn("decision"));
    const table = Table.fromTableName(this, "Table", props.names.table);
    this.topic = new Topic(this, "Alarms", { enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: "AwsSolutions-SNS2",
      reason:
        "Alarm notifications carry no data; CloudWatch cannot publish to a topic under the AWS-managed SNS key.",
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const edge = (metricName: string, statistic = "Sum") =>
      new Metric({
        namespace: EDGE_METRICS.namespace,
        metricName,
        dimensionsMap: { [EDGE_METRICS.serviceDimension]: props.edgeService },
        statistic,
        period: Duration.minutes(5),
      });
    // Ids must be unique within a graph: each ratio names its inputs after itself.
    const percent = (key: string, label: string, num: IMetric, den: IMetric) =>
      new MathExpression({
        expression: `IF(${key}d > 0, 100 * ${key}n / ${key}d, 0)`,
        usingMetrics: { [`${key}n`]: num, [`${key}d`]: den },
        period: Duration.minutes(5),
        label,
      });

    const decisionErrors = decision.metricErrors({ period: Duration.minutes(1) });
    const decisionP99 = decision.metricDuration({ statistic: "p99", period: Duration.minutes(5) });
    const edge503 = percent(
      "refused",
      "edge 503 %",
      edge(EDGE_METRICS.refused503),
      edge(EDGE_METRICS.invites),
    );
    const callFailures = percent(
      "failed",
      "failed calls %",
      edge(EDGE_METRICS.callsFailed),
      edge(EDGE_METRICS.callsEnded),
    );
    const shed = edge(EDGE_METRICS.tracesShed);
    const dynamoThrottles = new MathExpression({
      expression: "r + w",
      usingMetrics: {
        r: table.metric("ReadThrottleEvents", { statistic: "Sum", period: Duration.minutes(5) }),
        w: table.metric("WriteThrottleEvents", { statistic: "Sum", period: Duration.minutes(5) }),
      },
      label: "DynamoDB throttled requests",
    });

    this.alarm("DecisionErrors", decisionErrors, t.decisionErrors, 3, "decision function errors");
    this.alarm("DecisionP99", decisionP99, t.decisionP99Ms, 3, "decision p99 latency (ms)");
    this.alarm("Edge503Rate", edge503, t.edge503Percent, 2, "share of INVITEs the edge answered 503");
    this.alarm("CallFailureRate", callFailures, t.callFailurePercent, 2, "share of ended calls that failed");
    this.alarm("TracesShed", shed, t.tracesShed, 1, "call traces the edge shed");
    this.alarm("DynamoThrottles", dynamoThrottles, 1, 2, "DynamoDB throttled requests");
    for (const { role, fn } of fns) {
      this.alarm(
        `Throttles-${role}`,
        fn.metricThrottles({ period: Duration.minutes(1) }),
        1,
        3,
        `Lambda throttles of ${props.names.fn(role)}`,
      );
    }

    new Dashboard(this, "Dashboard", {
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new GraphWidget({
            title: "Active calls (average per task)",
            left: [activeCallsMetric(props.edgeService)],
          }),
          new GraphWidget({ title: "Edge 503 % and failed calls %", left: [edge503, callFailures] }),
          new GraphWidget({ title: "Traces shed", left: [shed] }),
        ],
        [
          new GraphWidget({ title: "Decision errors", left: [decisionErrors] }),
          new GraphWidget({
            title: "Decision latency",
            left: ["p50", "p99"].map((s) => decision.metricDuration({ statistic: s })),
          }),
          new GraphWidget({
            title: "Lambda throttles",
            left: fns.map(({ fn }) => fn.metricThrottles()),
          }),
          new GraphWidget({ title: "DynamoDB throttles", left: [dynamoThrottles] }),
        ],
      ],
    });
  }

  private alarm(id: string, metric: IMetric, threshold: number, periods: number, what: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `Ringflow: ${what} at or above ${threshold}`,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
