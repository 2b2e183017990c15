import { protocolJsonSchema } from "../protocol/json-schema.js";
import { flowJsonSchema } from "./json-schema.js";

test("the flow schema lists every node kind and leaves defaulted fields optional", () => {
  const s = flowJsonSchema() as {
    required: string[];
    properties: { nodes: { additionalProperties: { oneOf: unknown[] } } };
  };
  expect(s.required.sort()).toEqual(["entry", "name", "nodes", "version"]);
  expect(s.properties.nodes.additionalProperties.oneOf).toHaveLength(11);
  expect(JSON.stringify(s)).toContain('"const":"decision"');
});

test("the protocol schema has each message", () => {
  const s = protocolJsonSchema() as { $defs: Record<string, { oneOf?: unknown[] }> };
  expect(Object.keys(s.$defs)).toEqual([
    "DecisionEvent",
    "DecisionAnswer",
    "CustomerDecisionRequest",
    "CustomerDecisionResponse",
    "CallTrace",
  ]);
  expect(s.$defs.DecisionEvent?.oneOf).toHaveLength(7);
});
