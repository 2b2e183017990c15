export * from "./ports.js";
export * from "./supervisor.js";
