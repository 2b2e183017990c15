import { BlockList, isIP } from "node:net";
import { networkInterfaces } from "node:os";
import type { Peer } from "../sip/transport.js";

// Where a bridge leg may go. Validation refuses internal and looping targets at save and publish,
// and the decision function drops them from answers, but a target given as a host name can
// *resolve* to an internal address (DNS is the attacker's: `a.evil.example A 169.254.169.254`),
// and a decision function the edge is pointed at may answer anything. So the edge checks the
// address it is about to send the INVITE to, after resolution: an INVITE to loopback, private or
// link-local space makes the edge a port scanner of its own network (cloud metadata at
// 169.254.169.254 included), and an INVITE to the edge's own listening address is a loop.

/** Loopback, RFC 1918, CGNAT (RFC 6598), link-local, unspecified, RFC 4193, and v4-mapped forms. */
const INTERNAL = (() => {
  const b = new BlockList();
  for (const [net, bits] of [
    ["0.0.0.0", 8],
    ["10.0.0.0", 8],
    ["100.64.0.0", 10],
    ["127.0.0.0", 8],
    ["169.254.0.0", 16],
    ["172.16.0.0", 12],
    ["192.168.0.0", 16],
  ] as const)
    b.addSubnet(net, bits, "ipv4");
  b.addAddress("::", "ipv6");
  b.addAddress("::1", "ipv6");
  b.addSubnet("fc00::", 7, "ipv6");
  b.addSubnet("fe80::", 10, "ipv6");
  return b;
})();

/** An address (v4 or v6, v4-mapped v6 included) inside a network rather than on the internet. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return INTERNAL.check(address, "ipv4");
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return INTERNAL.check(mapped[1], "ipv4");
  return INTERNAL.check(address, "ipv6");
}

export interface TargetPolicy {
  /** Internal addresses may be dialled (local mode, where everything is on loopback). */
  allowInternal: boolean;
  /** The edge's own SIP addresses: `address:port` pairs a leg must never reach (read at each check: the port may be bound late). */
  own: () => ReadonlyArray<{ address: string; port: number }>;
}

export class TargetRefused extends Error {
  readonly code = "target_refused";
  constructor(
    readonly why: "internal_target" | "call_loop",
    peer: Peer,
  ) {
    super(`${why}: ${peer.address}:${peer.port}`);
  }
}

/** undefined = the leg may go there; otherwise why not. */
export function refusal(peer: Peer, policy: TargetPolicy): TargetRefused["why"] | undefined {
  const addr = peer.address.toLowerCase();
  if (policy.own().some((o) => o.port === peer.port && o.address.toLowerCase() === addr)) return "call_loop";
  if (!policy.allowInternal && isInternalAddress(addr)) return "internal_target";
  return undefined;
}

/** Wraps target resolution: a refused address rejects, so the leg fails without any INVITE sent. */
export function guardResolve(
  resolve: (uri: string) => Promise<Peer>,
  policy: TargetPolicy,
  onRefused?: (uri: string, e: TargetRefused) => void,
): (uri: string) => Promise<Peer> {
  return async (uri) => {
    const peer = await resolve(uri);
    const why = refusal(peer, policy);
    if (!why) return peer;
    const e = new TargetRefused(why, peer);
    onRefused?.(uri, e);
    throw e;
  };
}

/**
 * The edge's own addresses at its SIP port: the listening and advertised hosts, and every local
 * interface address when it listens on a wildcard (0.0.0.0 / ::).
 */
export function ownAddresses(
  listen: { host: string; port: number },
  advertised: { host: string; port: number },
): Array<{ address: string; port: number }> {
  const own = [
    { address: listen.host, port: listen.port },
    { address: advertised.host, port: advertised.port },
  ];
  if (listen.host === "0.0.0.0" || listen.host === "::")
    for (const list of Object.values(networkInterfaces()))
      for (const i of list ?? []) own.push({ address: i.address, port: listen.port });
  return own.filter((o) => isIP(o.address) !== 0);
}
