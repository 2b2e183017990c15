// Lambda function names. The edge invokes decision and traces by name, the CDK app creates them
// under these names, and the decision function refuses to invoke any of them as a customer's.

export const FUNCTION_NAMES = {
  decision: "ringflow-decision",
  traces: "ringflow-traces",
  api: "ringflow-api",
  prompts: "ringflow-prompts",
} as const;

export type FunctionRole = keyof typeof FUNCTION_NAMES;

/** Every Ringflow function's name starts with this; a flow may never name one. */
export const RESERVED_FUNCTION_PREFIX = "ringflow-";

/**
 * Customer decision functions carry their tenant in the name, `ringflow-customer-<tenant>-<name>`,
 * so one IAM statement (`function:ringflow-customer-*`) scopes what the decision function may
 * invoke, and the runtime checks the tenant part before it invokes (docs/api.md).
 */
export const CUSTOMER_FUNCTION_PREFIX = "ringflow-customer-";

export const customerFunctionPrefix = (tenantId: string) => `${CUSTOMER_FUNCTION_PREFIX}${tenantId}-`;

/** Lambda's limit on a function name. */
export const MAX_FUNCTION_NAME_CHARS = 64;

/** The bare function name of a name, a partial ARN or a full ARN (`...:function:NAME[:QUALIFIER]`). */
export function bareFunctionName(fn: string): string {
  const i = fn.indexOf(":function:");
  if (i < 0) return fn;
  const rest = fn.slice(i + ":function:".length);
  const q = rest.indexOf(":");
  return q < 0 ? rest : rest.slice(0, q);
}

/**
 * A tenant id that can stand in a function-name prefix: letters, digits and `_` only. With a `-`
 * in it, `ringflow-customer-acme-` would also be the start of tenant `acme-x`'s names.
 */
export const CUSTOMER_TENANT_PATTERN = /^[A-Za-z0-9_]{1,40}$/;

/** True when `fn` is one of `tenantId`'s customer functions (and so may be invoked for it). */
export function isCustomerFunctionOf(fn: string, tenantId: string): boolean {
  if (!CUSTOMER_TENANT_PATTERN.test(tenantId)) return false;
  const name = bareFunctionName(fn);
  const prefix = customerFunctionPrefix(tenantId);
  return name.length > prefix.length && name.startsWith(prefix);
}

/**
 * The local stack's Invoke endpoint checks SigV4 (as Lambda does): its secret is a random file in
 * the data dir (0600), written by the functions process and read by the edge; this is its key id.
 */
export const LOCAL_INVOKE = { accessKeyId: "ringflow-local", secretFile: "invoke-secret" } as const;
