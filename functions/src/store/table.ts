import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import { TABLE_SCHEMA } from "@ringflow/names";

/**
 * The one table's shape comes from @ringflow/names, which the CDK stack declares the AWS table
 * from too (plus TTL on `ttlAttribute`, on-demand billing and point-in-time recovery).
 */
export { TABLE_SCHEMA };

/** Creates the one table (and its index) unless it exists; waits until it is ACTIVE. */
export async function ensureTable(client: DynamoDBClient, table: string): Promise<void> {
  const t = TABLE_SCHEMA;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [t.partitionKey, t.sortKey, t.index.partitionKey, t.index.sortKey].map(
          (name) => ({
            AttributeName: name,
            AttributeType: "S" as const,
          }),
        ),
        KeySchema: [
          { AttributeName: t.partitionKey, KeyType: "HASH" },
          { AttributeName: t.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: t.index.name,
            KeySchema: [
              { AttributeName: t.index.partitionKey, KeyType: "HASH" },
              { AttributeName: t.index.sortKey, KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...t.index.nonKeyAttributes] },
          },
        ],
      }),
    );
  } catch (err) {
    if (
      !(
        err instanceof ResourceInUseException ||
        (err instanceof Error && err.name === "ResourceInUseException")
      )
    )
      throw err;
  }
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeTableCommand({ TableName: table }));
    const indexesActive = (d.Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === "ACTIVE");
    if (d.Table?.TableStatus === "ACTIVE" && indexesActive) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`table ${table} did not become ACTIVE`);
}
