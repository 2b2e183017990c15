import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { PromptsResponse, type TextPrompt } from "@ringflow/flow/protocol";
import { FUNCTION_NAMES } from "@ringflow/names";

/**
 * One text prompt through the prompts function (the Invoke API, as on AWS), for the API's Listen:
 * resolves with the audio's key in the prompts bucket (cached or rendered now), rejects when the
 * function failed or ran out of its budget.
 */
export function renderOnePrompt(opts: {
  lambda: Pick<LambdaClient, "send">;
  functionName?: string;
  budgetMs?: number;
}): (prompt: TextPrompt) => Promise<string> {
  return async (prompt) => {
    const r = await opts.lambda.send(
      new InvokeCommand({
        FunctionName: opts.functionName ?? FUNCTION_NAMES.prompts,
        Payload: JSON.stringify({ v: 1, prompts: [prompt], budgetMs: opts.budgetMs ?? 10_000 }),
      }),
    );
    const text = new TextDecoder().decode(r.Payload ?? new Uint8Array());
    if (r.FunctionError) throw new Error(`prompts function: ${text.slice(0, 200)}`);
    const res = PromptsResponse.parse(JSON.parse(text)).results[0];
    if (!res || (res.status !== "cached" && res.status !== "rendered"))
      throw new Error(res?.error ?? `prompt ${res?.status ?? "missing"}`);
    return res.key;
  };
}
