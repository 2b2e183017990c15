import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { type CustomerDecisionRequest, CustomerDecisionResponse } from "@ringflow/flow/protocol";

export type CustomerResult =
  | { output: string; variables?: Record<string, string> }
  | { error: "timeout" | "error" | "invalid" };

/** Invokes a customer's decision function within its time budget; never throws. */
export type CustomerInvoker = (
  fn: string,
  request: CustomerDecisionRequest,
  timeoutMs: number,
) => Promise<CustomerResult>;

/** Through the Lambda Invoke API (the real client, against AWS or the local endpoint). */
export function lambdaCustomerInvoker(client: LambdaClient): CustomerInvoker {
  return async (fn, request, timeoutMs) => {
    try {
      const r = await client.send(
        new InvokeCommand({ FunctionName: fn, Payload: Buffer.from(JSON.stringify(request)) }),
        { abortSignal: AbortSignal.timeout(timeoutMs) },
      );
      if (r.FunctionError) return { error: "error" };
      const body: unknown = JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString("utf8"));
      const parsed = CustomerDecisionResponse.safeParse(body);
      if (!parsed.success) return { error: "invalid" };
      return {
        output: parsed.data.output,
        ...(parsed.data.variables ? { variables: parsed.data.variables } : {}),
      };
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      return { error: name === "AbortError" || name === "TimeoutError" ? "timeout" : "error" };
    }
  };
}
