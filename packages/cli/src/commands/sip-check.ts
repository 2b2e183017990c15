// `ringflow sip-check <file> [--transport udp|tcp]`: what the SIP edge would do with one raw
// message. Prints {"parsed","action","status","reason","error"}; exit 0 whenever the file
// could be read (the verdict is the output), 2 for usage errors or an unreadable file.
import { readFileSync } from "node:fs";
import { inspect } from "@ringflow/sip-core";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";

export const usage = `usage: ringflow sip-check <file> [--transport udp|tcp]
reads one raw SIP message (bytes as sent, CRLF line ends) and prints
{"parsed":bool,"action":"accept"|"respond"|"drop","status":number|null,"reason":string|null,"error":code|null}
accept: it would go on to call handling; respond: answered statelessly with status; drop: ignored silently
--transport udp (default) frames it as one datagram; tcp as a stream (Content-Length required)
exit codes: 0 the file was read; 2 usage error or unreadable file`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help"]);
  if (p.flags.has("help")) {
    console.log(usage);
    return 0;
  }
  const file = p.positional[0];
  if (!file || p.positional.length > 1) throw new CliError("usage", usage);
  const transport = flag(p, "transport") ?? "udp";
  if (transport !== "udp" && transport !== "tcp") {
    throw new CliError("usage", `--transport must be udp or tcp, not "${transport}"`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new CliError(
      "unreadable",
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  const r = inspect(bytes, { transport });
  printJson({ parsed: r.parsed, action: r.action, status: r.status, reason: r.reason, error: r.error });
  return 0;
}
