export type { FlowIssue } from "./issue.js";
export type { Rule, RuleContext, ValidationPolicy } from "./rule.js";
export { RULES } from "./rules/index.js";
export { checkFlow, type ParseFlowResult, parseFlow, validateFlow } from "./validate.js";
