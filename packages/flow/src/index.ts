export * from "./graph/outputs.js";
export * from "./interpreter/index.js";
export * from "./limits.js";
export * from "./protocol/index.js";
export * from "./schema/index.js";
export * from "./sim/index.js";
export * from "./sip/target.js";
export * from "./validate/index.js";
