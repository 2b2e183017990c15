import { existsSync } from "node:fs";
import { join } from "node:path";
import { DESIGNER_CONFIG_FILE, type DesignerDeployConfig } from "@ringflow/names";
import { Stack, type StackProps, Validations } from "aws-cdk-lib";
import type { IDistribution } from "aws-cdk-lib/aws-cloudfront";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, Source } from "aws-cdk-lib/aws-s3-deployment";
import type { Construct } from "constructs";
import { nagEnv, type StageNames } from "./names.js";
import { repoRoot } from "./paths.js";

export interface SiteStackProps extends StackProps {
  readonly names: StageNames;
  readonly distribution: IDistribution;
  /** Written as `/config.json` at deploy time (tokens resolved then). */
  readonly config: DesignerDeployConfig;
  /** The built designer (designer/dist); absent: infra's placeholder page. */
  readonly designerDist?: string;
}

/** The designer's files and the stage's `config.json`, written at deploy time (tokens resolved). */
export class SiteStack extends Stack {
  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const dist = props.designerDist ?? join(repoRoot(), "designer", "dist");
    const site = existsSync(join(dist, "index.html")) ? dist : join(repoRoot(), "infra", "placeholder-site");
    const deployment = new BucketDeployment(this, "Deploy", {
      destinationBucket: Bucket.fromBucketName(this, "Site", props.names.bucket(this, "site")),
      sources: [Source.asset(site), Source.jsonData(DESIGNER_CONFIG_FILE, props.config)],
      distribution: props.distribution,
      distributionPaths: ["/index.html", `/${DESIGNER_CONFIG_FILE}`],
      memoryLimit: 512,
    });
    // The only function in this stack is CDK's deployment handler.
    Validations.of(this).acknowledge({
      id: "AwsSolutions-L1",
      reason: "The runtime of CDK's BucketDeployment handler is chosen by aws-cdk-lib and moves with it.",
    });
    const env = nagEnv(this);
    // CDK's own deployment handler: its role is CDK's, these are what it needs to copy an asset.
    const role = deployment.handlerRole;
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason: "CDK's BucketDeployment handler writes its logs with the basic execution role.",
    });
    for (const finding of [
      "Action::s3:GetObject*",
      "Action::s3:GetBucket*",
      "Action::s3:List*",
      "Action::s3:DeleteObject*",
      "Action::s3:Abort*",
      `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${env.account}-${env.region}/*`,
      `Resource::arn:<AWS::Partition>:s3:::${props.names.nagBucket(this, "site")}/*`,
      "Resource::*",
    ])
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "CDK's BucketDeployment handler syncs the asset (from the bootstrap bucket) into the site bucket and invalidates the distribution (no resource-level permission).",
      });
  }
}
