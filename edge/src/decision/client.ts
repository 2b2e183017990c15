import { DecisionAnswer, type DecisionEvent } from "@ringflow/flow/protocol";
import type { Invoker } from "./invoker.js";

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

export class DecisionClient implements DecisionPort {
  constructor(
    private readonly invoker: Invoker,
    private readonly functionName: string,
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async decide(event: DecisionEvent): Promise<DecisionResult> {
    const start = this.now();
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.budgetMs);
    });
    const fail = (error: DecisionFailure, detail: string): DecisionResult => ({
      ok: false,
      error,
      detail: detail.slice(0, 200),
      latencyMs: this.now() - start,
    });
    try {
      const invoked = this.invoker.invoke(this.functionName, JSON.stringify(event));
      const out = await Promise.race([invoked, budget]);
      if (out === "timeout") return fail("timeout", `no answer within ${this.budgetMs} ms`);
      if (!out.ok) return fail("error", `${out.error}: ${out.message}`);
      if (out.functionError) return fail("error", `${out.functionError}: ${out.payload}`);
      let json: unknown;
      try {
        json = JSON.parse(out.payload);
      } catch {
        return fail("malformed", "answer is not JSON");
      }
      const parsed = DecisionAnswer.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail("malformed", issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid answer");
      }
      return { ok: true, answer: parsed.data, latencyMs: this.now() - start };
    } finally {
      clearTimeout(timer);
    }
  }
}
