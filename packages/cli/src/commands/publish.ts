// `ringflow publish <flowId> [--message M]`: the draft becomes the next immutable version.

import { Published } from "@ringflow/flow/api";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { apiClient, connectionHelp, enc, withApi } from "./flow-api.js";

export const usage = `usage: ringflow publish <flowId> [--message M] [--revision N]
  publishes the draft (only if it is still at revision N, when given); prints {version}
${connectionHelp}
exit codes: 0 ok; 2 usage; 3 the API refused (e.g. invalid_flow with issues, revision_conflict)`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help"]);
  if (p.flags.has("help")) {
    console.log(usage);
    return 0;
  }
  const id = p.positional[0];
  if (!id || p.positional.length > 1) throw new CliError("usage", usage);
  const revision = flag(p, "revision");
  const api = apiClient(p);
  return withApi(async () => {
    const r = await api.request("POST", `/v1/flows/${enc(id)}/versions`, Published, {
      body: { message: flag(p, "message") ?? "" },
      ...(revision ? { headers: { "If-Match": `"${revision}"` } } : {}),
    });
    printJson({ flowId: id, ...r.body });
    return 0;
  });
}
