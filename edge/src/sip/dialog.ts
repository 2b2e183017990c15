import { isIP } from "node:net";
import { type Dialog, nextHop, type SipRequest } from "@ringflow/sip-core";
import { newBranch } from "./build.js";
import type { Peer, TransportName } from "./transport.js";

// What the edge adds to sip-core's dialogs: its own Via and Contact (the advertised address,
// which may differ from the bound one), and where an in-dialog request goes.

export interface Advertised {
  host: string;
  port: number;
  /**
   * The port for TCP when the edge takes TCP on a port of its own (`--tcp-port`): a TCP peer
   * that opens a new connection (its first one closed) must reach a port that takes TCP.
   */
  tcpPort?: number;
}

function portFor(advertised: Advertised, transport: TransportName): number {
  return transport === "tcp" ? (advertised.tcpPort ?? advertised.port) : advertised.port;
}

export function via(advertised: Advertised, transport: TransportName): string {
  return `SIP/2.0/${transport.toUpperCase()} ${advertised.host}:${portFor(advertised, transport)};branch=${newBranch()};rport`;
}

export function contact(advertised: Advertised, transport: TransportName): string {
  const t = transport === "tcp" ? ";transport=tcp" : "";
  return `<sip:ringflow@${advertised.host}:${portFor(advertised, transport)}${t}>`;
}

/**
 * Where a request goes: its top Route or Request-URI when that names an IP literal (sip-core's
 * `nextHop`), else `fallback`, the peer the dialog started with (no DNS for in-dialog hops).
 */
export function hopOf(req: SipRequest, fallback: Peer): Peer {
  try {
    const hop = nextHop(req, fallback.transport);
    if (isIP(hop.address)) return hop;
  } catch {}
  return fallback;
}

/**
 * A new in-dialog request from the edge (BYE, INFO, re-INVITE; ACK with the INVITE's CSeq).
 * With `flow`, it goes to that peer whatever the Route or Contact say: the caller's side, whose
 * requests we send back where its own came from (see `Call.peer`). Otherwise it goes to the
 * next hop of its Route/Request-URI, or `fallback`.
 */
export function inDialogRequest(
  dialog: Dialog,
  method: string,
  fallback: Peer,
  advertised: Advertised,
  cseq?: number,
  flow = false,
): { req: SipRequest; peer: Peer } {
  const withContact = method === "INVITE" || method === "UPDATE";
  const req = dialog.createRequest(method, {
    ...(cseq !== undefined ? { cseq } : {}),
    ...(withContact ? { contact: contact(advertised, fallback.transport) } : {}),
  });
  const peer = flow ? fallback : hopOf(req, fallback);
  req.prepend("Via", via(advertised, peer.transport));
  if (withContact && peer.transport !== fallback.transport)
    req.set("Contact", contact(advertised, peer.transport));
  return { req, peer };
}
