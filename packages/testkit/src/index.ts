export { freePort } from "./ports.js";
export { describeWithTools, hasTool } from "./tools.js";
