import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { ensureTable, localDynamoClient, startDynalite } from "@ringflow/functions";
import { TABLE_SCHEMA } from "@ringflow/names";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { DataStack } from "../src/data-stack.js";
import { StageNames } from "../src/names.js";

// The table infra declares on AWS and the one the local stack creates on dynalite are built
// from the same constants (@ringflow/names); this proves they come out the same: keys,
// attribute types, index names, index keys and projections.

interface Shape {
  keys: { name: string; type: string }[];
  attributes: { name: string; type: string }[];
  indexes: { name: string; keys: { name: string; type: string }[]; projection: string; nonKey: string[] }[];
}

type Key = { AttributeName?: string; KeyType?: string };
const keys = (k: Key[] | undefined) =>
  (k ?? []).map((x) => ({ name: String(x.AttributeName), type: String(x.KeyType) }));
const sorted = <T extends { name: string }>(xs: T[]) => [...xs].sort((a, b) => a.name.localeCompare(b.name));

function fromTemplate(): Shape {
  const stack = new DataStack(new App(), "Data", {
    names: new StageNames("-test"),
    retainData: false,
    designerOrigin: "https://designer.example",
  });
  const tables = Object.values(Template.fromStack(stack).findResources("AWS::DynamoDB::Table"));
  expect(tables).toHaveLength(1);
  const p = tables[0]?.Properties;
  return {
    keys: keys(p.KeySchema),
    attributes: sorted(
      p.AttributeDefinitions.map((a: { AttributeName: string; AttributeType: string }) => ({
        name: a.AttributeName,
        type: a.AttributeType,
      })),
    ),
    indexes: sorted(
      p.GlobalSecondaryIndexes.map(
        (g: {
          IndexName: string;
          KeySchema: Key[];
          Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
        }) => ({
          name: g.IndexName,
          keys: keys(g.KeySchema),
          projection: g.Projection.ProjectionType,
          nonKey: [...(g.Projection.NonKeyAttributes ?? [])].sort(),
        }),
      ),
    ),
  };
}

test("the table CDK declares equals the table the local stack creates on dynalite", async () => {
  const db = await startDynalite();
  try {
    const client = localDynamoClient(db.endpoint);
    await ensureTable(client, "parity");
    const t = (await client.send(new DescribeTableCommand({ TableName: "parity" }))).Table;
    const local: Shape = {
      keys: keys(t?.KeySchema),
      attributes: sorted(
        (t?.AttributeDefinitions ?? []).map((a) => ({
          name: String(a.AttributeName),
          type: String(a.AttributeType),
        })),
      ),
      indexes: sorted(
        (t?.GlobalSecondaryIndexes ?? []).map((g) => ({
          name: String(g.IndexName),
          keys: keys(g.KeySchema),
          projection: String(g.Projection?.ProjectionType),
          nonKey: [...(g.Projection?.NonKeyAttributes ?? [])].sort(),
        })),
      ),
    };
    client.destroy();
    const aws = fromTemplate();
    expect(aws).toEqual(local);
    // And both are what the constants say (so neither side can drift on its own).
    expect(aws.keys).toEqual([
      { name: TABLE_SCHEMA.partitionKey, type: "HASH" },
      { name: TABLE_SCHEMA.sortKey, type: "RANGE" },
    ]);
    expect(aws.indexes.map((i) => i.name)).toEqual([TABLE_SCHEMA.index.name]);
  } finally {
    await db.close();
  }
}, 60_000);
