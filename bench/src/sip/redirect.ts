// CPU cost of one redirected call through the whole stack above the socket: the INVITE is
// parsed and screened as UDP delivers it, a server transaction answers 302 (serialized), the
// ACK is parsed and matched, and the transaction ends (Timer I). No sockets: the bytes a
// socket would carry are produced and consumed in memory.
import {
  FakeClock,
  type MessageHandler,
  parseMessage,
  type RejectEvent,
  type Remote,
  type SipMessage,
  screen,
  type TapEvent,
  TransactionLayer,
  type Transport,
} from "@ringflow/sip-core";

class MemoryTransport implements Transport {
  readonly protocol = "udp" as const;
  readonly reliable = false;
  readonly local = { address: "127.0.0.1", port: 5060 };
  private handlers: MessageHandler[] = [];
  bytesOut = 0;
  send(msg: SipMessage | Buffer): void {
    this.bytesOut += (Buffer.isBuffer(msg) ? msg : msg.toBuffer()).length;
  }
  /** What the UDP transport does with a datagram. */
  receive(buf: Buffer, from: Remote): void {
    const v = screen(parseMessage(buf));
    if (v.action === "accept") for (const h of this.handlers) h(v.message, from);
  }
  onMessage(fn: MessageHandler): void {
    this.handlers.push(fn);
  }
  onTap(_fn: (e: TapEvent) => void): void {}
  onReject(_fn: (e: RejectEvent) => void): void {}
  async close(): Promise<void> {}
}

function invite(i: number): Buffer {
  return Buffer.from(
    `INVITE sip:+15551234567@edge.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-${i};rport\r\nMax-Forwards: 70\r\nFrom: <sip:+15559876543@carrier.example.net>;tag=f${i}\r\nTo: <sip:+15551234567@edge.example.com>\r\nCall-ID: c${i}@carrier\r\nCSeq: 1 INVITE\r\nContact: <sip:192.0.2.10:5060>\r\nContent-Type: application/sdp\r\nContent-Length: 0\r\n\r\n`,
  );
}

function ack(i: number, toTag: string): Buffer {
  return Buffer.from(
    `ACK sip:+15551234567@edge.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-${i};rport\r\nMax-Forwards: 70\r\nFrom: <sip:+15559876543@carrier.example.net>;tag=f${i}\r\nTo: <sip:+15551234567@edge.example.com>;tag=${toTag}\r\nCall-ID: c${i}@carrier\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n`,
  );
}

/** CPU µs per redirected call, over `calls` calls. */
export function redirectCpuPerCall(calls: number): number {
  const clock = new FakeClock();
  const t = new MemoryTransport();
  const layer = new TransactionLayer({ transports: [t], clock });
  let lastTag = "";
  layer.onRequest((req, tx) => {
    if (tx && req.method === "INVITE") {
      lastTag =
        tx.reply(302, { headers: [["Contact", "<sip:+15551234567@trunk.example.net>;q=0.9"]] }).to.tag ?? "";
    }
  });
  const from: Remote = { address: "192.0.2.10", port: 5060, transport: "udp" };
  const run = (n: number, base: number) => {
    for (let i = base; i < base + n; i++) {
      t.receive(invite(i), from);
      t.receive(ack(i, lastTag), from);
      clock.advance(6000); // Timer I ends the transaction
    }
  };
  run(Math.min(2000, calls), 0);
  const c0 = process.cpuUsage();
  run(calls, 1_000_000);
  const d = process.cpuUsage(c0);
  if (layer.size.server !== 0) throw new Error("transactions left over");
  return (d.user + d.system) / calls;
}
