// `ringflow number bind|list|unbind`: which flow a phone number runs.

import { NoContent, NumberBinding, NumberList } from "@ringflow/flow/api";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { apiClient, connectionHelp, enc, withApi } from "./flow-api.js";

export const usage = `usage: ringflow number <bind|list|unbind> ...
  number bind <+E164> <flowId> [--version N|latest]   point the number at a flow (rollback: bind an older N)
  number list
  number unbind <+E164>
${connectionHelp}
exit codes: 0 ok; 2 usage; 3 the API refused (e.g. number_taken by another tenant)`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help"]);
  const [sub, number, flowId] = p.positional;
  if (p.flags.has("help") || !sub) {
    console.log(usage);
    return p.flags.has("help") ? 0 : 2;
  }
  const api = apiClient(p);
  return withApi(async () => {
    switch (sub) {
      case "bind": {
        if (!number || !flowId) throw new CliError("usage", usage);
        const v = flag(p, "version") ?? "latest";
        const version = v === "latest" ? v : Number(v);
        if (version !== "latest" && !(Number.isInteger(version) && version > 0))
          throw new CliError("usage", "--version is a version number or latest");
        printJson(
          (
            await api.request("PUT", `/v1/numbers/${enc(number)}`, NumberBinding, {
              body: { flowId, version },
            })
          ).body,
        );
        return 0;
      }
      case "list":
        printJson((await api.request("GET", "/v1/numbers", NumberList)).body);
        return 0;
      case "unbind":
        if (!number) throw new CliError("usage", usage);
        await api.request("DELETE", `/v1/numbers/${enc(number)}`, NoContent);
        printJson({ number, unbound: true });
        return 0;
      default:
        throw new CliError("usage", usage);
    }
  });
}
