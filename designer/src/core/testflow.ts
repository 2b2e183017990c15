// The shipped reception example, parsed, for tests (jest runs at the repo root).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Flow } from "@ringflow/flow";

export function receptionFlow(): Flow {
  return Flow.parse(JSON.parse(readFileSync(join(process.cwd(), "examples", "reception.flow.json"), "utf8")));
}

/** The reception flow without its fallback, so unwired outputs are errors. */
export function strictReception(): Flow {
  const f = receptionFlow();
  return { ...f, settings: { ...f.settings, fallback: undefined } };
}
