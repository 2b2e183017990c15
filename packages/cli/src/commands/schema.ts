// `ringflow schema [flow|protocol]`: the JSON Schema (draft 2020-12) of a flow document or of the
// decision protocol. Graph rules are not expressible in JSON Schema: use `ringflow validate`.
import { flowJsonSchema, protocolJsonSchema } from "@ringflow/flow";
import { parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";

export const usage = `usage: ringflow schema [flow|protocol]   (default flow)
exit codes: 0 printed; 2 unknown schema name`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help"]);
  if (p.flags.has("help")) {
    console.log(usage);
    return 0;
  }
  const which = p.positional[0] ?? "flow";
  if (which === "flow") printJson(flowJsonSchema());
  else if (which === "protocol") printJson(protocolJsonSchema());
  else throw new CliError("usage", `unknown schema "${which}"; have flow, protocol`);
  return 0;
}
