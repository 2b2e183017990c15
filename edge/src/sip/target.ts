import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { parseUri } from "@ringflow/sip-core";
import type { Peer } from "./transport.js";

// Where to send a request for a target URI: its host and port (5060 when absent) over UDP,
// or TCP with `;transport=tcp`. Hostnames resolve with the system resolver (A/AAAA; no
// NAPTR/SRV, which a bridge target inside a tenant's network rarely needs).

export class TargetError extends Error {
  readonly code = "target_invalid";
}

export async function resolveTarget(uriText: string): Promise<Peer> {
  let uri: ReturnType<typeof parseUri>;
  try {
    uri = parseUri(uriText.trim().replace(/^<(.*)>$/, "$1"));
  } catch {
    throw new TargetError(`not a URI: ${uriText}`);
  }
  if (uri.kind !== "sip") throw new TargetError(`only sip: targets can be bridged: ${uriText}`);
  const host = uri.host.replace(/^\[(.*)\]$/, "$1");
  const transport = (uri.params.get("transport") ?? "udp").toLowerCase() === "tcp" ? "tcp" : "udp";
  const ip = isIP(host) ? host : (await lookup(host)).address;
  return { transport, address: ip, port: uri.port ?? 5060 };
}
