// `ringflow flow push|get|list|diff`: flows through the HTTP API.
import { basename } from "node:path";
import { FlowDetail, FlowDiff, FlowList, SavedFlow } from "@ringflow/flow/api";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { ApiRefused, apiClient, connectionHelp, enc, withApi } from "./flow-api.js";
import { readJsonFile } from "./validate-file.js";

export const usage = `usage: ringflow flow <push|get|list|diff> ...
  flow push <flow.json> [--id ID]   save the file as the flow's draft (created when new; the id
                                    defaults to the file name without .flow.json); prints {id, revision, issues}
  flow get <id>                     the draft with its revision
  flow list                         the tenant's flows
  flow diff <id> --from N [--to M|draft]   what changed between versions (layout moves ignored)
${connectionHelp}
exit codes: 0 ok; 2 usage or unreadable file; 3 the API refused (JSON {error, message, status})`;

const idFromFile = (file: string) =>
  basename(file)
    .replace(/(\.flow)?\.json$/, "")
    .replace(/[^A-Za-z0-9_-]/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 64);

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help"]);
  const [sub, arg] = p.positional;
  if (p.flags.has("help") || !sub) {
    console.log(usage);
    return p.flags.has("help") ? 0 : 2;
  }
  const api = apiClient(p);
  return withApi(async () => {
    switch (sub) {
      case "push": {
        if (!arg) throw new CliError("usage", usage);
        const doc = readJsonFile(arg);
        const id = flag(p, "id") ?? idFromFile(arg);
        if (!id) throw new CliError("usage", "give the flow an id with --id");
        let current: { headers: Headers } | undefined;
        try {
          current = await api.request("GET", `/v1/flows/${enc(id)}`, FlowDetail);
        } catch (err) {
          if (!(err instanceof ApiRefused && err.status === 404)) throw err;
        }
        const r = current
          ? await api.request("PUT", `/v1/flows/${enc(id)}`, SavedFlow, {
              body: doc,
              headers: { "If-Match": current.headers.get("etag") ?? "" },
            })
          : await api.request("POST", `/v1/flows?id=${enc(id)}`, SavedFlow, { body: doc });
        printJson({ ...r.body, created: !current });
        return 0;
      }
      case "get":
        if (!arg) throw new CliError("usage", usage);
        printJson((await api.request("GET", `/v1/flows/${enc(arg)}`, FlowDetail)).body);
        return 0;
      case "list":
        printJson((await api.request("GET", "/v1/flows", FlowList)).body);
        return 0;
      case "diff": {
        const from = flag(p, "from");
        if (!arg || !from) throw new CliError("usage", usage);
        const to = flag(p, "to") ?? "draft";
        printJson(
          (await api.request("GET", `/v1/flows/${enc(arg)}/diff?from=${enc(from)}&to=${enc(to)}`, FlowDiff))
            .body,
        );
        return 0;
      }
      default:
        throw new CliError("usage", usage);
    }
  });
}
