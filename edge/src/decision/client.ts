import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { DecisionAnswer, type DecisionEvent } from "@ringflow/flow/protocol";

// Asks the decision function through the Lambda Invoke API (the local endpoint or AWS),
// within a time budget, and validates the answer with the protocol schema. Never throws:
// every failure is a typed result the call controller turns into a fallback.

export type DecisionFailure = "timeout" | "error" | "malformed";

export type DecisionResult =
  | { ok: true; answer: DecisionAnswer; latencyMs: number }
  | { ok: false; error: DecisionFailure; detail: string; latencyMs: number };

export interface DecisionPort {
  decide(event: DecisionEvent): Promise<DecisionResult>;
}

export interface LambdaOptions {
  endpoint: string | undefined;
  region: string;
}

/** One SDK client for decisions and trace writes; fake credentials for the local endpoint. */
export function makeLambdaClient(opts: LambdaOptions): LambdaClient {
  return new LambdaClient({
    region: opts.region,
    maxAttempts: 1,
    ...(opts.endpoint
      ? { endpoint: opts.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
  });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class DecisionClient implements DecisionPort {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async decide(event: DecisionEvent): Promise<DecisionResult> {
    const start = this.now();
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, this.budgetMs);
    const fail = (error: DecisionFailure, detail: string): DecisionResult => ({
      ok: false,
      error,
      detail: detail.slice(0, 200),
      latencyMs: this.now() - start,
    });
    try {
      const out = await this.lambda.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          Payload: encoder.encode(JSON.stringify(event)),
        }),
        { abortSignal: abort.signal },
      );
      if (timedOut) return fail("timeout", `no answer within ${this.budgetMs} ms`);
      if (out.FunctionError) {
        const body = out.Payload ? decoder.decode(out.Payload) : "";
        return fail("error", `${out.FunctionError}: ${body}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(out.Payload ? decoder.decode(out.Payload) : "");
      } catch {
        return fail("malformed", "answer is not JSON");
      }
      const parsed = DecisionAnswer.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail("malformed", issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid answer");
      }
      return { ok: true, answer: parsed.data, latencyMs: this.now() - start };
    } catch (err) {
      if (timedOut) return fail("timeout", `no answer within ${this.budgetMs} ms`);
      const e = err as { name?: string; message?: string };
      return fail("error", `${e.name ?? "Error"}: ${e.message ?? String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
