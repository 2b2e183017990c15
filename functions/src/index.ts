// Public surface of @ringflow/functions (for infra, the stack orchestrator and the benchmarks).
export { createApi } from "./api/app.js";
export type { ApiDeps } from "./api/context.js";
export { hashApiKey, issueApiKey, issueApiKeyRecord, newApiKey } from "./auth/api-keys.js";
export {
  type Authenticator,
  apiKeyAuthenticator,
  firstOf,
  jwtClaimsAuthenticator,
} from "./auth/authenticator.js";
export type { Principal } from "./auth/principal.js";
export { type CustomerInvoker, lambdaCustomerInvoker } from "./decision/customer.js";
export { createDecisionHandler, type DecisionDeps, type DecisionHandler } from "./decision/handler.js";
export * from "./errors.js";
export { diffFlows, type FlowDiff } from "./flow/diff.js";
export { invokeRaw, localLambdaClient, localS3Client, putRawItem } from "./local/clients.js";
export { redirectFlow, SAMPLE_CUSTOMER_FUNCTION, vipFlow } from "./local/demo-flows.js";
export { localDynamoClient, startDynalite } from "./local/dynalite.js";
export { functionNameOf, type LambdaFunction, startInvokeServer } from "./local/invoke-server.js";
export { DEMO_NUMBERS, DEMO_TENANT, seedDemo } from "./local/seed.js";
export { FUNCTION_NAMES, type LocalStack, type LocalStackOptions, startLocalStack } from "./local/stack.js";
export { EspeakRenderer } from "./prompts/espeak.js";
export { createPromptsHandler } from "./prompts/handler.js";
export { promptKey } from "./prompts/key.js";
export { DynamoStore } from "./store/dynamo.js";
export { DynamoLiveCallStore, type LiveCall, type LiveCallStore, MemoryLiveCallStore } from "./store/live.js";
export { MemoryStore } from "./store/memory.js";
export { ensureTable, TABLE_SCHEMA } from "./store/table.js";
export type * from "./store/types.js";
export { customerFunctionProblem, isTenantId } from "./tenancy.js";
export { createTraceIngest } from "./traces/ingest.js";
