// `ringflow call show <callId> [--ladder]`: one call's trace (path, decisions, SIP messages); with
// --ladder the SIP ladder as text instead of JSON.

import { CallTrace } from "@ringflow/flow/api";
import { renderLadderText } from "@ringflow/flow/trace";
import { parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { apiClient, connectionHelp, enc, withApi } from "./flow-api.js";

export const usage = `usage: ringflow call show <callId> [--ladder]
  prints the trace as JSON; --ladder prints the SIP ladder as text
${connectionHelp}
exit codes: 0 ok; 2 usage; 3 the API refused (not_found when unknown or expired)`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help", "ladder"]);
  if (p.flags.has("help")) {
    console.log(usage);
    return 0;
  }
  // `call show <id>`, or just `call <id>`.
  const pos = p.positional[0] === "show" ? p.positional.slice(1) : p.positional;
  const id = pos[0];
  if (!id || pos.length > 1) throw new CliError("usage", usage);
  const api = apiClient(p);
  return withApi(async () => {
    const trace = (await api.request("GET", `/v1/calls/${enc(id)}`, CallTrace)).body;
    if (p.flags.has("ladder")) process.stdout.write(`${renderLadderText(trace)}\n`);
    else printJson(trace);
    return 0;
  });
}
