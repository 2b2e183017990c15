// `ringflow admin ...`: operator commands. They write the table directly (an operator holds the
// AWS credentials; no tenant's API key can do these): create a tenant with its first publisher key,
// grant a phone number to a tenant (its publishers can then bind it).
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DynamoStore,
  issueApiKeyRecord,
  isTenantId,
  localDynamoClient,
  RingflowError,
} from "@ringflow/functions";
import { flag, type ParsedArgs, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";

export const usage = `usage: ringflow admin <tenant|number> ...
  admin tenant create <tenantId>            a new tenant ([A-Za-z0-9_]) and its first publisher key (shown once)
  admin number grant <+E164> <tenantId>     the tenant's publishers may bind the number (refused if another tenant holds it)
--dynamodb URL (or RINGFLOW_DYNAMODB_ENDPOINT; default: the local stack's http://127.0.0.1:8000; "aws" for the account's DynamoDB)
--table NAME (or TABLE_NAME; default ringflow)
exit codes: 0 ok; 2 usage; 3 refused (tenant_exists, number_taken) or the table is unreachable`;

const E164 = /^\+[1-9]\d{1,14}$/;

function storeOf(p: ParsedArgs, env: NodeJS.ProcessEnv): DynamoStore {
  const endpoint = flag(p, "dynamodb") ?? env.RINGFLOW_DYNAMODB_ENDPOINT ?? "http://127.0.0.1:8000";
  const table = flag(p, "table") ?? env.TABLE_NAME ?? "ringflow";
  const client = endpoint === "aws" ? new DynamoDBClient({}) : localDynamoClient(endpoint);
  return new DynamoStore({ client, table });
}

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const p = parseArgs(args, ["help"]);
  const [what, verb, a, b] = p.positional;
  if (p.flags.has("help") || !what) {
    console.log(usage);
    return p.flags.has("help") ? 0 : 2;
  }
  const store = storeOf(p, env);
  try {
    if (what === "tenant" && verb === "create" && a) {
      if (!isTenantId(a)) throw new CliError("usage", "tenant ids are 1-40 letters, digits and _");
      await store.createTenant(a);
      const { id, key } = await issueApiKeyRecord(store, { tenantId: a, role: "publisher", name: "first" });
      printJson({ tenantId: a, id, key, role: "publisher" });
      return 0;
    }
    if (what === "number" && verb === "grant" && a && b) {
      if (!E164.test(a)) throw new CliError("usage", "the number is E.164, e.g. +15550100");
      await store.grantNumber(a, b);
      printJson({ number: a, tenantId: b, granted: true });
      return 0;
    }
    throw new CliError("usage", usage);
  } catch (err) {
    if (err instanceof RingflowError) throw new CliError(err.code, err.message, 3);
    if (err instanceof CliError) throw err;
    throw new CliError("store_unreachable", err instanceof Error ? err.message : String(err), 3);
  }
}
