export * from "./local-stack.js";
export * from "./ports.js";
export * from "./supervisor.js";
