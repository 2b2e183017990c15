import { wireSchema } from "../protocol/json-schema.js";
import { Flow } from "./flow.js";

/**
 * The flow document's JSON Schema (as authors write it: defaulted fields optional). It covers shapes
 * only; graph rules (references, reachability, cycles, zones, ...) need `validateFlow`.
 */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Ringflow flow",
    ...wireSchema(Flow),
  };
}
