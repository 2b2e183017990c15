import { BUCKET_PREFIXES, RTP_CAPTURES_PREFIX, TABLE_SCHEMA } from "@ringflow/names";
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table } from "aws-cdk-lib/aws-dynamodb";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CorsRule,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
} from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { StageNames } from "./names.js";

export interface DataStackProps extends StackProps {
  readonly names: StageNames;
  readonly retainData: boolean;
  readonly recordingsExpireAfter?: Duration;
  /** The designer's origin (`https://...`): the only one CORS lets upload and preview. */
  readonly designerOrigin: string;
}

/**
 * The one table and the prompts and recordings buckets. Keys, the index and the TTL attribute
 * come from @ringflow/names, as do the local table's (infra/test/table-parity.test.ts).
 */
export class DataStack extends Stack {
  readonly table: Table;
  readonly prompts: Bucket;
  readonly recordings: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const t = TABLE_SCHEMA;

    this.table = new Table(this, "Table", {
      tableName: props.names.table,
      partitionKey: { name: t.partitionKey, type: AttributeType.STRING },
      sortKey: { name: t.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.retainData,
      timeToLiveAttribute: t.ttlAttribute,
      removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: t.index.name,
      partitionKey: { name: t.index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: t.index.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...t.index.nonKeyAttributes],
    });

    this.accessLogs = new Bucket(this, "AccessLogs", {
      ...privateBucket(removalPolicy),
      bucketName: props.names.bucket(this, "logs"),
      // Server access logs can only be delivered to SSE-S3 buckets with bucket-owner ACL writes.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This is the access-log bucket itself; logging it into itself would loop.",
    });

    // The edge reads prompts; the designer uploads and previews them (presigned URLs).
    this.prompts = new Bucket(this, "Prompts", {
      ...privateBucket(removalPolicy),
      bucketName: props.names.bucket(this, "prompts"),
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "prompts/",
      cors: [designerCors(props.designerOrigin, [HttpMethods.GET, HttpMethods.PUT])],
    });

    // The edge writes voicemail here; the designer plays it back (presigned GET).
    this.recordings = new Bucket(this, "Recordings", {
      ...privateBucket(removalPolicy),
      bucketName: props.names.bucket(this, "recordings"),
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "recordings/",
      cors: [designerCors(props.designerOrigin, [HttpMethods.GET])],
      lifecycleRules: [
        {
          prefix: BUCKET_PREFIXES.recordings,
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          expiration: props.recordingsExpireAfter ?? Duration.days(365),
        },
        // RTP captures (caller audio kept for a call's pcap) go with the trace that names them
        // (traces live 30 days); where two rules match, S3 applies the earlier expiration.
        { prefix: RTP_CAPTURES_PREFIX, expiration: Duration.days(30) },
      ],
    });
  }
}

function privateBucket(removalPolicy: RemovalPolicy) {
  return {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: false,
    // A bucket that still holds objects fails to delete (no auto-delete custom resource).
    removalPolicy,
  };
}

function designerCors(origin: string, methods: HttpMethods[]): CorsRule {
  return { allowedOrigins: [origin], allowedMethods: methods, allowedHeaders: ["*"], maxAge: 3600 };
}
