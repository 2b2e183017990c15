import type { Credentials } from "../decision/sigv4.js";
import { SigV4Signer } from "../decision/sigv4.js";

// A Fargate task with a public IP does not see it: the task metadata endpoint reports only the
// ENI's private address. The public one is on the ENI's association, which EC2's
// DescribeNetworkInterfaces returns (filtered by the private address). The edge advertises it in
// Via, Contact, Record-Route and SDP, so in-dialog requests and RTP reach this task directly.

/** The task's private IPv4 from ECS task metadata v4 (`$ECS_CONTAINER_METADATA_URI_V4/task`). */
export async function taskPrivateIpv4(metadataUri: string): Promise<string | undefined> {
  const res = await fetch(`${metadataUri}/task`, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) return undefined;
  const task = (await res.json()) as { Containers?: { Networks?: { IPv4Addresses?: string[] }[] }[] };
  for (const c of task.Containers ?? [])
    for (const n of c.Networks ?? []) for (const ip of n.IPv4Addresses ?? []) if (ip) return ip;
  return undefined;
}

/** Looks up the public IPv4 associated with the ENI that holds `privateIp`. */
export type PublicIpLookup = (privateIp: string) => Promise<string | undefined>;

/**
 * DescribeNetworkInterfaces over EC2's Query API, signed with the task role's keys (the edge's
 * own SigV4 signer; the EC2 SDK client would add megabytes to the bundle for one call).
 */
export function ec2PublicIpLookup(opts: {
  region: string;
  credentials: () => Promise<Credentials>;
  /** Default: EC2's regional endpoint; tests point it at a stub. */
  endpoint?: string;
}): PublicIpLookup {
  const origin = opts.endpoint ?? `https://ec2.${opts.region}.amazonaws.com`;
  const host = new URL(origin).host;
  const signer = new SigV4Signer(opts.region, "ec2");
  return async (privateIp) => {
    const body = new URLSearchParams({
      Action: "DescribeNetworkInterfaces",
      Version: "2016-11-15",
      "Filter.1.Name": "addresses.private-ip-address",
      "Filter.1.Value.1": privateIp,
    }).toString();
    const headers = signer.sign(
      await opts.credentials(),
      host,
      "/",
      body,
      Date.now(),
      "application/x-www-form-urlencoded; charset=utf-8",
    );
    const res = await fetch(`${origin}/`, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(3000),
    });
    const xml = await res.text();
    if (!res.ok) throw new Error(`DescribeNetworkInterfaces: HTTP ${res.status} ${xml.slice(0, 200)}`);
    return /<association>[\s\S]*?<publicIp>([0-9.]+)<\/publicIp>/.exec(xml)?.[1];
  };
}

/** The task's public IPv4, or undefined when it has none (or metadata is not there). */
export async function discoverPublicAddress(deps: {
  metadataUri: string | undefined;
  lookup: PublicIpLookup;
}): Promise<string | undefined> {
  if (!deps.metadataUri) return undefined;
  const privateIp = await taskPrivateIpv4(deps.metadataUri);
  return privateIp ? deps.lookup(privateIp) : undefined;
}
