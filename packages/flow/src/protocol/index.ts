// The decision protocol v1 (edge <-> decision function), importable alone as
// `@ringflow/flow/protocol` so the edge never pulls in the interpreter.
export * from "./actions.js";
export * from "./address.js";
export * from "./answer.js";
export * from "./customer.js";
export * from "./events.js";
export * from "./json-schema.js";
export * from "./prompts.js";
export * from "./trace.js";
