// `ringflow call show <callId> [--ladder | --pcap [--rtp] [--out FILE]]`: one call's trace (path,
// decisions, SIP messages); with --ladder the SIP ladder as text instead of JSON; with --pcap the
// call's pcap from the API (its SIP messages; --rtp: merged with the RTP its flow captured).

import { writeFileSync } from "node:fs";
import { CallTrace } from "@ringflow/flow/api";
import { renderLadderText } from "@ringflow/flow/trace";
import { flag, parseArgs } from "../args.js";
import { CliError, printJson } from "../output.js";
import { apiClient, connectionHelp, enc, withApi } from "./flow-api.js";

export const usage = `usage: ringflow call show <callId> [--ladder | --pcap [--rtp] [--out FILE]]
  prints the trace as JSON; --ladder prints the SIP ladder as text;
  --pcap writes the call's SIP messages as a pcap to FILE (default <callId>.pcap; - = stdout) and
  prints {file, bytes, rtp}; --rtp merges in the call's captured RTP (flows with
  settings.captureRtp; refused not_found when the call has none)
${connectionHelp}
exit codes: 0 ok; 2 usage; 3 the API refused (not_found when unknown or expired)`;

export async function run(args: string[]): Promise<number> {
  const p = parseArgs(args, ["help", "ladder", "pcap", "rtp"]);
  if (p.flags.has("help")) {
    console.log(usage);
    return 0;
  }
  // `call show <id>`, or just `call <id>`.
  const pos = p.positional[0] === "show" ? p.positional.slice(1) : p.positional;
  const id = pos[0];
  if (!id || pos.length > 1) throw new CliError("usage", usage);
  const pcap = p.flags.has("pcap");
  if ((p.flags.has("rtp") || flag(p, "out") !== undefined) && !pcap) throw new CliError("usage", usage);
  if (pcap && p.flags.has("ladder")) throw new CliError("usage", usage);
  const api = apiClient(p);
  if (pcap) {
    const rtp = p.flags.has("rtp");
    const out = flag(p, "out") ?? `${id.replace(/[^A-Za-z0-9._-]/g, "_")}.pcap`;
    return withApi(async () => {
      const bytes = await api.download(`/v1/calls/${enc(id)}/pcap${rtp ? "?media=rtp" : ""}`);
      if (out === "-") process.stdout.write(bytes);
      else {
        writeFileSync(out, bytes);
        printJson({ file: out, bytes: bytes.length, rtp });
      }
      return 0;
    });
  }
  return withApi(async () => {
    const trace = (await api.request("GET", `/v1/calls/${enc(id)}`, CallTrace)).body;
    if (p.flags.has("ladder")) process.stdout.write(`${renderLadderText(trace)}\n`);
    else printJson(trace);
    return 0;
  });
}
