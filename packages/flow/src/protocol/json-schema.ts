import { z } from "zod";
import { DecisionAnswer } from "./answer.js";
import { CustomerDecisionRequest, CustomerDecisionResponse } from "./customer.js";
import { DecisionEvent } from "./events.js";
import { CallTrace } from "./trace.js";

const DRAFT = "https://json-schema.org/draft/2020-12/schema";

/** One schema as written on the wire (`io: "input"`: fields with defaults are optional), without its own `$schema`. */
export function wireSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

/**
 * The decision protocol v1 as one JSON Schema document with a `$defs` entry per message. Zod
 * refinements (such as the 32-variable cap of a customer response) are not expressible and are left out.
 */
export function protocolJsonSchema(): Record<string, unknown> {
  return {
    $schema: DRAFT,
    title: "Ringflow decision protocol v1",
    $defs: {
      DecisionEvent: wireSchema(DecisionEvent),
      DecisionAnswer: wireSchema(DecisionAnswer),
      CustomerDecisionRequest: wireSchema(CustomerDecisionRequest),
      CustomerDecisionResponse: wireSchema(CustomerDecisionResponse),
      CallTrace: wireSchema(CallTrace),
    },
  };
}
