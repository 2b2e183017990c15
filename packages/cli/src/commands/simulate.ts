// `ringflow simulate <flow.json> [--at ISO] [--from N] [--to N] [--input ...]`: runs the flow
// offline and prints {"path":[...],"actions":[...],"outcome":{...}}.
import { parseFlow, parseSimInputs, SimInputError, simulate } from "@ringflow/flow";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { readJsonFile } from "./validate-file.js";

export const usage = `usage: ringflow simulate <flow.json> [--at ISO-8601] [--from N] [--to N] [--call-id ID] [--input I ...]
  --at       the simulated clock (default: now); hours nodes read it in their own time zone
  --from/--to  caller and called number (E.164 or SIP URI; default +15550100 / +15550199)
  --call-id  seeds percentage splits (default sim-call)
  --input    the caller's inputs in order, repeatable or comma-separated:
               1, 123#              digits at a menu or collect
               silence              no digits (the collect times out)
               answered, busy, noAnswer (no-answer), rejected, failed   how a forward ended
               decision:<output>[?k=v&k2=v2]   the customer's decision function answers
               decision-timeout, decision-error, decision-invalid   the function failed
               hangup               the caller hangs up
             plays and recordings complete on their own
prints {"path":[...],"actions":[...],"outcome":{"kind":...},"recorded":[...],"unusedInputs":n}
exit codes: 0 simulated; 1 the flow has errors or an input did not fit what the flow waited for;
            2 usage, bad input syntax, unreadable file or not JSON`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help"]);
  if (p.flags.has("help")) {
    console.log(usage);
    return 0;
  }
  const file = p.positional[0];
  if (!file || p.positional.length > 1) throw new CliError("usage", usage);
  const atText = flag(p, "at");
  const at = atText === undefined ? new Date() : new Date(atText);
  if (Number.isNaN(at.getTime())) throw new CliError("usage", `--at "${atText}" is not an ISO-8601 instant`);
  let inputs: ReturnType<typeof parseSimInputs>;
  try {
    inputs = parseSimInputs(p.flags.get("input") ?? []);
  } catch (err) {
    if (err instanceof SimInputError) throw new CliError(err.code, err.message);
    throw err;
  }
  const parsed = parseFlow(readJsonFile(file));
  if (!parsed.ok) {
    printJson({
      error: "invalid_flow",
      message: `${file} has errors; see ringflow validate`,
      issues: parsed.issues,
    });
    return 1;
  }
  const from = flag(p, "from");
  const to = flag(p, "to");
  const callId = flag(p, "call-id");
  const result = simulate(parsed.flow, {
    at,
    inputs,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(callId ? { callId } : {}),
  });
  printJson(result);
  return result.outcome.kind === "unexpected_input" ? 1 : 0;
}
