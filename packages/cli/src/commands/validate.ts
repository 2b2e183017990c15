// `ringflow validate <flow.json>`: {"valid":bool,"issues":[...]}; exit 0 valid, 1 an error-severity
// issue, 2 unreadable or not JSON.
import { validateFlow } from "@ringflow/flow";
import { parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { readJsonFile } from "./validate-file.js";

export const usage = `usage: ringflow validate <flow.json>
prints {"valid":bool,"issues":[{code,path,message,severity}]}
exit codes: 0 valid (warnings allowed); 1 an issue of severity error; 2 unreadable file or not JSON`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help"]);
  if (p.flags.has("help")) {
    console.log(usage);
    return 0;
  }
  const file = p.positional[0];
  if (!file || p.positional.length > 1) throw new CliError("usage", usage);
  const issues = validateFlow(readJsonFile(file));
  const valid = !issues.some((i) => i.severity === "error");
  printJson({ valid, issues });
  return valid ? 0 : 1;
}
