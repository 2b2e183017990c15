// @ringflow/names: the names both the runtime (functions, edge) and infra (CDK) must agree on,
// in one leaf package with no dependencies, so neither side can drift from the other.
export * from "./buckets.js";
export * from "./designer.js";
export * from "./env.js";
export * from "./functions.js";
export * from "./ports.js";
export * from "./table.js";
