// `ringflow function register|list|remove`: the customer functions the tenant's flows may invoke.
import { CustomerFunction, FunctionList, NoContent } from "@ringflow/flow/api";
import { parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { apiClient, connectionHelp, enc, withApi } from "./flow-api.js";

export const usage = `usage: ringflow function <register|list|remove> ...
  function register <name>   a Lambda function named ringflow-customer-<tenant>-<...> (no ARN or alias)
  function list              the registered functions and the tenant's prefix
  function remove <name>     flows naming it fail validation; live calls take the node's error output
${connectionHelp}
exit codes: 0 ok; 2 usage; 3 the API refused (e.g. bad_request: not under the tenant's prefix)`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help"]);
  const [sub, name] = p.positional;
  if (p.flags.has("help") || !sub) {
    console.log(usage);
    return p.flags.has("help") ? 0 : 2;
  }
  const api = apiClient(p);
  return withApi(async () => {
    switch (sub) {
      case "register":
        if (!name) throw new CliError("usage", usage);
        printJson((await api.request("PUT", `/v1/functions/${enc(name)}`, CustomerFunction)).body);
        return 0;
      case "list":
        printJson((await api.request("GET", "/v1/functions", FunctionList)).body);
        return 0;
      case "remove":
        if (!name) throw new CliError("usage", usage);
        await api.request("DELETE", `/v1/functions/${enc(name)}`, NoContent);
        printJson({ name, removed: true });
        return 0;
      default:
        throw new CliError("usage", usage);
    }
  });
}
