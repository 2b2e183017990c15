// `ringflow number bind|list|unbind`: which flow a phone number runs.

import { NoContent, NumberBinding, NumberList } from "@ringflow/flow/api";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { apiClient, connectionHelp, enc, withApi } from "./flow-api.js";

export const usage = `usage: ringflow number <bind|list|unbind> ...
  number bind <+E164> <flowId> [--version N|latest|draft]   point a granted number at a flow (rollback: bind an
                                                         older N; draft: a test number that reaches the draft)
  number list
  number unbind <+E164>
${connectionHelp}
exit codes: 0 ok; 2 usage; 3 the API refused (e.g. number_not_granted: an operator grants numbers)`;

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
        const version = v === "latest" || v === "draft" ? v : Number(v);
        if (typeof version === "number" && !(Number.isInteger(version) && version > 0))
          throw new CliError("usage", "--version is a version number, latest or draft");
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
