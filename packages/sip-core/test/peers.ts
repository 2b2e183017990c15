// Minimal peers built on sip-core, for the SIPp end-to-end tests: a UAS that answers every
// INVITE (180 then 200 with SDP) and a UAC that places a call and hangs up.
import {
  createRequest,
  type Dialog,
  TcpTransport,
  TransactionLayer,
  type Transport,
  type TransportProtocol,
  UdpTransport,
  UserAgent,
} from "../src/index.js";

const SDP = (port: number) =>
  `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;

export interface Peer {
  transport: Transport;
  layer: TransactionLayer;
  ua: UserAgent;
  /** Messages seen by the tap, summarized as "in INVITE", "out 200 INVITE"... */
  trace: string[];
  close(): Promise<void>;
}

export async function startPeer(protocol: TransportProtocol): Promise<Peer> {
  const transport = protocol === "udp" ? await UdpTransport.bind() : await TcpTransport.listen();
  const layer = new TransactionLayer({ transports: [transport] });
  const { address, port } = transport.local;
  const ua = new UserAgent(layer, { contact: (t) => `<sip:ringflow@${address}:${port};transport=${t}>` });
  const trace: string[] = [];
  transport.onTap((e) => {
    const first = e.bytes.toString("latin1", 0, Math.min(80, e.bytes.length)).split("\r\n")[0] ?? "";
    const cseq = /\r\nCSeq:\s*\d+\s+(\w+)/i.exec(e.bytes.toString("latin1"))?.[1] ?? "";
    const what = first.startsWith("SIP/2.0") ? `${first.split(" ")[1]} ${cseq}` : first.split(" ")[0];
    trace.push(`${e.dir} ${what}`);
  });
  return { transport, layer, ua, trace, close: () => transport.close() };
}

/** Answer every INVITE: 180, then 200 with SDP a moment later. */
export function actAsUas(peer: Peer): void {
  peer.ua.onIncoming((req, tx) => {
    if (req.method !== "INVITE") {
      tx.reply(req.method === "OPTIONS" ? 200 : 405);
      return;
    }
    peer.ua.answer(tx, 180);
    peer.ua.answer(tx, 200, { body: SDP(40000), contentType: "application/sdp" });
  });
}

/** Place one call to `target` and hang up after `holdMs`; resolves with the final BYE status. */
export function call(peer: Peer, target: { address: string; port: number }, holdMs = 50): Promise<number> {
  const { address, port } = peer.transport.local;
  const protocol = peer.transport.protocol;
  const req = createRequest({
    method: "INVITE",
    uri: `sip:service@${target.address}:${target.port}${protocol === "tcp" ? ";transport=tcp" : ""}`,
    from: `<sip:ringflow@${address}:${port}>;tag=${Math.random().toString(36).slice(2, 10)}`,
    to: `<sip:service@${target.address}:${target.port}>`,
    cseq: 1,
    via: { transport: protocol, host: address, port },
    body: SDP(40002),
    contentType: "application/sdp",
  });
  return new Promise((resolve, reject) => {
    peer.ua.invite(
      req,
      { ...target, transport: protocol },
      {
        onAnswer: (d: Dialog) => {
          setTimeout(() => {
            const bye = peer.ua.request(d, "BYE");
            bye.onResponse = (res) => {
              if (res.status >= 200) resolve(res.status);
            };
            bye.onTimeout = () => reject(new Error("BYE timed out"));
          }, holdMs);
        },
        onFailure: (res) => reject(new Error(`INVITE failed: ${res ? res.status : "timeout"}`)),
      },
    );
  });
}
