import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { PromptsResponse } from "@ringflow/flow/protocol";
import { FUNCTION_NAMES } from "@ringflow/names";
import type { Logger } from "pino";
import type { PublishedFlow } from "../api/context.js";
import { textPromptsOf } from "./flow-prompts.js";

/**
 * The API's publish hook: renders every text prompt of the new version through the prompts
 * function (the Invoke API, as on AWS) before the publish answers, so no caller waits for speech
 * synthesis. It never fails the publish (the version is already written): what did not render is
 * logged, and the edge renders it on demand.
 */
export function renderPromptsOnPublish(opts: {
  lambda: Pick<LambdaClient, "send">;
  log?: Logger;
  budgetMs?: number;
  functionName?: string;
}): (published: PublishedFlow) => Promise<void> {
  return async ({ tenantId, flowId, version, doc }) => {
    try {
      const prompts = textPromptsOf(doc);
      for (let i = 0; i < prompts.length; i += 200) {
        const r = await opts.lambda.send(
          new InvokeCommand({
            FunctionName: opts.functionName ?? FUNCTION_NAMES.prompts,
            Payload: JSON.stringify({
              v: 1,
              prompts: prompts.slice(i, i + 200),
              budgetMs: opts.budgetMs ?? 30_000,
            }),
          }),
        );
        const text = new TextDecoder().decode(r.Payload ?? new Uint8Array());
        if (r.FunctionError) throw new Error(`prompts function: ${text.slice(0, 300)}`);
        const res = PromptsResponse.parse(JSON.parse(text));
        const missed = res.results.filter((x) => x.status === "failed" || x.status === "timeout");
        if (missed.length > 0)
          opts.log?.warn({ tenantId, flowId, version, missed }, "prompts not rendered at publish");
      }
    } catch (err) {
      opts.log?.warn({ err, tenantId, flowId, version }, "prompt rendering at publish failed");
    }
  };
}
