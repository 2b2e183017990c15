// `ringflow sip-check <file> [--transport udp|tcp]`: what the SIP edge would do with one raw
// message. Prints {"parsed","action","status","reason","error"}; exit 0 whenever the file
// could be read (the verdict is the output), 2 for usage errors or an unreadable file.
import { readFileSync } from "node:fs";
import { type Inspection, inspect, isSipParseError, parseMessage } from "@ringflow/sip-core";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";

export const usage = `usage: ringflow sip-check <file> [--transport udp|tcp]
reads one raw SIP message (bytes as sent, CRLF line ends) and prints
{"parsed":bool,"action":"accept"|"respond"|"drop","status":number|null,"reason":string|null,"error":code|null}
accept: it would go on to call handling; respond: answered statelessly with status; drop: ignored silently
(a message alone matches no transaction or dialog of the edge: a response or an ACK is dropped
"no_transaction", a CANCEL or a request with a To tag answered 481, as the edge would)
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
  const r = outOfContext(bytes, transport, inspect(bytes, { transport }));
  printJson({ parsed: r.parsed, action: r.action, status: r.status, reason: r.reason, error: r.error });
  return 0;
}

/**
 * What the edge does with a message that passed screening when nothing of its call exists (a
 * file is one message alone): responses and ACKs match no transaction and are dropped; CANCEL
 * and in-dialog requests (a To tag) match no transaction or dialog and get 481 (§9.2, §12.2.2).
 */
type Verdict = Omit<Inspection, "error"> & { error: Inspection["error"] | "no_transaction" | "no_dialog" };

function outOfContext(bytes: Buffer, transport: "udp" | "tcp", r: Inspection): Verdict {
  if (r.action !== "accept") return r;
  const m = parseMessage(bytes, { framing: transport === "tcp" ? "stream" : "datagram" });
  if (isSipParseError(m)) return r;
  const none = (reason: string | null, status: number | null): Verdict => ({
    parsed: true,
    action: status === null ? "drop" : "respond",
    status,
    reason,
    error: status === null ? "no_transaction" : "no_dialog",
  });
  if (!m.isRequest) return none(null, null);
  if (m.method === "ACK") return none(null, null);
  if (m.method === "CANCEL") return none("Call/Transaction Does Not Exist", 481);
  if (m.to.tag) return none("Call/Transaction Does Not Exist", 481);
  return r;
}
