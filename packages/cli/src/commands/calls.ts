// `ringflow calls [--limit N] [--cursor C]`: the tenant's recent calls, newest first;
// `ringflow calls --live`: its calls in progress, with the node each is at.

import { CallPage, LiveCallList } from "@ringflow/flow/api";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { apiClient, connectionHelp, withApi } from "./flow-api.js";

export const usage = `usage: ringflow calls [--limit N] [--cursor C]
       ringflow calls --live
  prints {calls:[...], cursor?}; pass cursor back for the next page
  --live prints the calls in progress, {calls:[{callId, node, nodeLabel, startedAt, ...}], now}
${connectionHelp}
exit codes: 0 ok; 2 usage; 3 the API refused`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help", "live"]);
  if (p.flags.has("help")) {
    console.log(usage);
    return 0;
  }
  if (p.positional.length > 0) throw new CliError("usage", usage);
  if (p.flags.has("live")) {
    if (flag(p, "limit") || flag(p, "cursor")) throw new CliError("usage", usage);
    const api = apiClient(p);
    return withApi(async () => {
      printJson((await api.request("GET", "/v1/calls/live", LiveCallList)).body);
      return 0;
    });
  }
  const q = new URLSearchParams();
  const limit = flag(p, "limit");
  const cursor = flag(p, "cursor");
  if (limit) q.set("limit", limit);
  if (cursor) q.set("cursor", cursor);
  const api = apiClient(p);
  return withApi(async () => {
    const qs = q.toString();
    printJson((await api.request("GET", `/v1/calls${qs ? `?${qs}` : ""}`, CallPage)).body);
    return 0;
  });
}
