import type { Via } from "../headers.js";
import type { Address, Remote } from "./types.js";

/**
 * Where a response goes (RFC 3261 §18.2.2, RFC 3581): over TCP the connection the request
 * came on (`from.connectionId`), else a new connection to received and the sent-by port; over UDP the top Via's `received` (or sent-by host) and its `rport` (or
 * sent-by port, or 5060).
 */
export function responseDestination(topVia: Via, from?: Remote): Address | Remote {
  if (from && from.transport === "tcp") {
    // the request's connection first; if it is gone, a new one to received : sent-by port
    return {
      transport: "tcp",
      connectionId: from.connectionId,
      address: topVia.received ?? from.address,
      port: topVia.port ?? 5060,
    };
  }
  const rport = topVia.rport;
  const address = topVia.received ?? stripBrackets(topVia.host);
  const port = typeof rport === "number" && rport > 0 ? rport : (topVia.port ?? 5060);
  return { address, port };
}

function stripBrackets(h: string): string {
  return h.startsWith("[") ? h.slice(1, -1) : h;
}
