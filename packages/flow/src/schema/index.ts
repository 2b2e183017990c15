export * from "./common.js";
export * from "./flow.js";
export * from "./json-schema.js";
export * from "./nodes.js";
export * from "./schedule.js";
