import { bareFunctionName, FUNCTION_NAMES, isCustomerFunctionOf, RESERVED_FUNCTION_PREFIX } from "./index.js";

test("every Ringflow function carries the reserved prefix", () => {
  for (const name of Object.values(FUNCTION_NAMES))
    expect(name.startsWith(RESERVED_FUNCTION_PREFIX)).toBe(true);
});

test("bareFunctionName takes names, partial and full ARNs, with or without a qualifier", () => {
  expect(bareFunctionName("f")).toBe("f");
  expect(bareFunctionName("arn:aws:lambda:us-east-1:1:function:f")).toBe("f");
  expect(bareFunctionName("arn:aws:lambda:us-east-1:1:function:f:live")).toBe("f");
  expect(bareFunctionName("1:function:f:3")).toBe("f");
});

test("a tenant may invoke only its own customer functions", () => {
  expect(isCustomerFunctionOf("ringflow-customer-acme-vip", "acme")).toBe(true);
  expect(
    isCustomerFunctionOf("arn:aws:lambda:eu-west-1:1:function:ringflow-customer-acme-vip:2", "acme"),
  ).toBe(true);
  expect(isCustomerFunctionOf("ringflow-customer-acme-", "acme")).toBe(false);
  expect(isCustomerFunctionOf("ringflow-customer-other-vip", "acme")).toBe(false);
  expect(isCustomerFunctionOf("ringflow-decision", "acme")).toBe(false);
  expect(isCustomerFunctionOf("vip", "acme")).toBe(false);
  // A tenant id with a `-` could reach another tenant's names (acme -> acme-x): never a match.
  expect(isCustomerFunctionOf("ringflow-customer-acme-x-vip", "acme-x")).toBe(false);
  expect(isCustomerFunctionOf("ringflow-customer--vip", "")).toBe(false);
});
