import { isIP } from "node:net";
import { parseUri, SipRequest } from "@ringflow/sip-core";
import { newBranch } from "./build.js";
import type { Peer } from "./transport.js";

// One side of a dialog the edge holds (the caller's, or an outbound leg's): what in-dialog
// requests from the edge carry (From/To with tags, Call-ID, CSeq, Route set) and where they go.

export interface Advertised {
  host: string;
  port: number;
}

export class Dialog {
  localCSeq: number;

  constructor(
    readonly callId: string,
    /** Our From in requests we send (`<uri>;tag=...`). */
    readonly local: string,
    /** Their address with their tag. */
    public remote: string,
    /** Their Contact URI. */
    public remoteTarget: string,
    /** Route set, first hop first. */
    public routeSet: string[],
    /** Where we reach them when the target/route gives no IP literal. */
    public peer: Peer,
    private readonly advertised: Advertised,
    startCSeq = 1,
  ) {
    this.localCSeq = startCSeq;
  }

  /** Where in-dialog requests go: the first route, else the remote target (IP literals only). */
  nextHop(): Peer {
    const hop = this.routeSet[0] ?? this.remoteTarget;
    try {
      const uri = parseUri(hop.replace(/^.*<(.*)>.*$/, "$1"));
      if (uri.kind === "sip") {
        const host = uri.host.replace(/^\[(.*)\]$/, "$1");
        if (isIP(host)) {
          const tcp = (uri.params.get("transport") ?? "").toLowerCase() === "tcp";
          return { transport: tcp ? "tcp" : this.peer.transport, host, port: uri.port ?? 5060 };
        }
      }
    } catch {}
    return this.peer;
  }

  via(transport: Peer["transport"], branch = newBranch()): string {
    return `SIP/2.0/${transport.toUpperCase()} ${this.advertised.host}:${this.advertised.port};branch=${branch};rport`;
  }

  contact(transport: Peer["transport"]): string {
    const t = transport === "tcp" ? ";transport=tcp" : "";
    return `<sip:ringflow@${this.advertised.host}:${this.advertised.port}${t}>`;
  }

  /** A new in-dialog request (BYE, INFO, re-INVITE...). ACK reuses the INVITE's CSeq: pass it. */
  request(method: string, cseq?: number): { req: SipRequest; peer: Peer } {
    const peer = this.nextHop();
    const n = cseq ?? ++this.localCSeq;
    const req = new SipRequest(method, this.remoteTarget);
    req.add("Via", this.via(peer.transport));
    req.add("Max-Forwards", "70");
    for (const r of this.routeSet) req.add("Route", r);
    req.add("From", this.local);
    req.add("To", this.remote);
    req.add("Call-ID", this.callId);
    req.add("CSeq", `${n} ${method}`);
    if (method === "INVITE" || method === "UPDATE") req.add("Contact", this.contact(peer.transport));
    return { req, peer };
  }
}
