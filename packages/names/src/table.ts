// The one DynamoDB table's shape: `ensureTable` creates it locally (dynalite) from this, and the
// CDK Data stack declares it on AWS from this (plus TTL on `ttlAttribute`, on-demand billing and
// point-in-time recovery). The store's key builders live beside the store (functions/src/store).

export const TABLE_SCHEMA = {
  partitionKey: "pk",
  sortKey: "sk",
  index: {
    name: "gsi1",
    partitionKey: "gsi1pk",
    sortKey: "gsi1sk",
    // Only what the listings show: number bindings and call summaries.
    nonKeyAttributes: ["tenantId", "flowId", "version", "number", "updatedAt", "summary", "ttl"],
  },
  /** Epoch seconds; call traces carry it and DynamoDB deletes them some time after. */
  ttlAttribute: "ttl",
} as const;

/** The table's name locally; on AWS CloudFormation names it and passes it in `TABLE_NAME`. */
export const LOCAL_TABLE_NAME = "ringflow";
