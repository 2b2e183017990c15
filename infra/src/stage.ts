import { Duration, Stage, type StageProps } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { ApiStack } from "./api-stack.js";
import type { RingflowStageConfig } from "./config.js";
import { DataStack } from "./data-stack.js";
import { EdgeStack } from "./edge-stack.js";
import { decisionTarget, FunctionsStack } from "./functions-stack.js";
import { StageNames } from "./names.js";
import { ObservabilityStack } from "./observability-stack.js";
import { SiteStack } from "./site-stack.js";
import { WebStack } from "./web-stack.js";

export interface RingflowStageProps extends StageProps {
  readonly config: RingflowStageConfig;
}

/**
 * All of Ringflow for one stage. Dev and prod are two instances of this with different configs.
 * Stack order follows the references: Web (the designer's origin) -> Data (bucket CORS) ->
 * Edge (its public name) -> Functions -> Api (CORS, Cognito) -> Site (config.json), and
 * Observability last.
 */
export class RingflowStage extends Stage {
  readonly web: WebStack;
  readonly data: DataStack;
  readonly functions: FunctionsStack;
  readonly api: ApiStack;
  readonly site: SiteStack;
  readonly edge: EdgeStack;
  readonly observability: ObservabilityStack;

  constructor(scope: Construct, id: string, props: RingflowStageProps) {
    super(scope, id, props);
    const c = props.config;
    const logRetention = retention(c.logRetentionDays ?? 30);
    const retainData = c.retainData;

    const names = new StageNames(c.nameSuffix);
    this.web = new WebStack(this, "Web", { names, retainData });
    const designerOrigin = c.designerOrigin ?? this.web.origin;
    this.data = new DataStack(this, "Data", {
      names,
      retainData,
      designerOrigin,
      recordingsExpireAfter: c.recordingsExpireAfter ?? Duration.days(365),
    });
    this.edge = new EdgeStack(this, "Edge", {
      options: c.edge,
      names,
      decisionFunction: decisionTarget(names, c.functions),
      logRetention,
      retainData,
    });
    this.functions = new FunctionsStack(this, "Functions", {
      names,
      options: c.functions,
      logRetention,
      retainData,
      // A flow that routes a call to the edge's own public name would loop.
      edgeHosts: [this.edge.nlb.loadBalancerDnsName, ...(c.edge.publicNames ?? [])],
    });
    this.api = new ApiStack(this, "Api", {
      handler: this.functions.api.fn,
      designerOrigin,
      logRetention,
      retainData,
    });
    this.site = new SiteStack(this, "Site", {
      names,
      distribution: this.web.distribution,
      designerDist: c.designerDist,
      config: {
        apiUrl: this.api.peopleUrl,
        region: this.api.region,
        userPoolId: this.api.userPool.userPoolId,
        userPoolClientId: this.api.client.userPoolClientId,
      },
    });
    this.observability = new ObservabilityStack(this, "Observability", {
      names,
      functions:
        (c.functions?.prompts ?? true)
          ? ["decision", "traces", "api", "prompts"]
          : ["decision", "traces", "api"],
      edgeService: this.edge.serviceName,
      alarmEmail: c.alarmEmail,
    });
    // Named references (StageNames) carry no CloudFormation dependency: state the order.
    this.functions.addStackDependency(this.data);
    this.site.addStackDependency(this.web);
    this.edge.addStackDependency(this.data);
    this.observability.addStackDependency(this.edge);
  }
}

function retention(days: 7 | 14 | 30 | 90 | 365): RetentionDays {
  const map = {
    7: RetentionDays.ONE_WEEK,
    14: RetentionDays.TWO_WEEKS,
    30: RetentionDays.ONE_MONTH,
    90: RetentionDays.THREE_MONTHS,
    365: RetentionDays.ONE_YEAR,
  } as const;
  return map[days];
}
