// `ringflow key create|list|revoke`: the tenant's API keys (a publisher's key manages them).
// Rotating is create, switch the program over, revoke the old one.
import { CreatedKey, KeyList, NoContent } from "@ringflow/flow/api";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { apiClient, connectionHelp, enc, withApi } from "./flow-api.js";

export const usage = `usage: ringflow key <create|list|revoke> ...
  key create --role viewer|editor|publisher --name NAME   prints {id, key, role, name}: the key is shown this once
  key list                                                the tenant's keys, without secrets
  key revoke <id>                                         refused everywhere within 5 s
${connectionHelp}
exit codes: 0 ok; 2 usage; 3 the API refused (e.g. forbidden: keys are managed with a publisher key)`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help"]);
  const [sub, id] = p.positional;
  if (p.flags.has("help") || !sub) {
    console.log(usage);
    return p.flags.has("help") ? 0 : 2;
  }
  const api = apiClient(p);
  return withApi(async () => {
    switch (sub) {
      case "create": {
        const role = flag(p, "role");
        const name = flag(p, "name");
        if (!role || !name) throw new CliError("usage", usage);
        printJson((await api.request("POST", "/v1/keys", CreatedKey, { body: { role, name } })).body);
        return 0;
      }
      case "list":
        printJson((await api.request("GET", "/v1/keys", KeyList)).body);
        return 0;
      case "revoke":
        if (!id) throw new CliError("usage", usage);
        await api.request("DELETE", `/v1/keys/${enc(id)}`, NoContent);
        printJson({ id, revoked: true });
        return 0;
      default:
        throw new CliError("usage", usage);
    }
  });
}
