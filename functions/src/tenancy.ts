import {
  CUSTOMER_TENANT_PATTERN,
  customerFunctionPrefix,
  isCustomerFunctionOf,
  MAX_FUNCTION_NAME_CHARS,
} from "@ringflow/names";

// Names that carry a tenant. Customer decision functions live under `ringflow-customer-<tenant>-`
// (@ringflow/names: on AWS the decision function's role is limited to `ringflow-customer-*`, see
// infra), a flow may name only a function its tenant registered, exactly (no ARN, alias or
// version qualifier), and none of Ringflow's own functions is ever under that prefix.

/** Tenant ids (operator-created): letters, digits and `_`, so no tenant's prefix starts another's. */
export const isTenantId = (s: string) => CUSTOMER_TENANT_PATTERN.test(s);

export { customerFunctionPrefix };

/** Why `name` cannot be one of the tenant's customer functions, or undefined when it can. */
export function customerFunctionProblem(tenantId: string, name: string): string | undefined {
  if (!isTenantId(tenantId))
    return `tenant ${tenantId} cannot register functions (tenant ids are [A-Za-z0-9_])`;
  const prefix = customerFunctionPrefix(tenantId);
  if (!isCustomerFunctionOf(name, tenantId) || !name.startsWith(prefix))
    return `customer functions of this tenant are named ${prefix}<name>`;
  if (name.length > MAX_FUNCTION_NAME_CHARS)
    return `function names are at most ${MAX_FUNCTION_NAME_CHARS} characters`;
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    return "a function name is letters, digits, - and _ (no ARN, alias or version)";
  return undefined;
}
