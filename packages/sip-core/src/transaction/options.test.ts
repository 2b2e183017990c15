// TransactionLayer options for servers in the field: symmetric responses (NAT, load
// balancers), loose ACK matching (UAs that give the ACK for a failure a new branch), close().
import { FakeTransport } from "../../test/fake-transport.js";
import type { SipRequest } from "../message.js";
import { FakeClock } from "./clock.js";
import { type ServerTransaction, TransactionLayer, type TransactionLayerOptions } from "./layer.js";

function setup(opts: Partial<TransactionLayerOptions> = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport("udp", clock);
  const layer = new TransactionLayer({ transports: [transport], clock, ...opts });
  const got: Array<{ req: SipRequest; tx: ServerTransaction | null }> = [];
  layer.onRequest((req, tx) => got.push({ req, tx }));
  return { clock, transport, layer, got };
}

const invite = `INVITE sip:edge@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKinv1
Max-Forwards: 70
From: <sip:alice@example.com>;tag=a1
To: <sip:edge@127.0.0.1>
Call-ID: call-1
CSeq: 7 INVITE
Content-Length: 0

`;

const ackNewBranch = (toTag: string) => `ACK sip:edge@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKother
Max-Forwards: 70
From: <sip:alice@example.com>;tag=a1
To: <sip:edge@127.0.0.1>;tag=${toTag}
Call-ID: call-1
CSeq: 7 ACK
Content-Length: 0

`;

const natSource = { address: "203.0.113.7", port: 40123, transport: "udp" as const };

describe("symmetricResponses", () => {
  test("off (default): the response goes to the Via sent-by (§18.2.2)", () => {
    const { transport, got } = setup();
    transport.inject(invite, natSource);
    got[0]!.tx!.reply(486);
    expect(transport.sent[0]!.to).toEqual({ address: "192.0.2.1", port: 5070 });
  });

  test("on: the response and its retransmissions go back to the request's source address and port", () => {
    const { clock, transport, got } = setup({ symmetricResponses: true });
    transport.inject(invite, natSource);
    got[0]!.tx!.reply(486);
    clock.advance(600);
    expect(transport.sent.map((s) => s.to)).toEqual([natSource, natSource]);
  });
});

describe("looseAckMatching", () => {
  test("off (default): an ACK with a new branch goes to the TU and the failure is re-sent until Timer H", () => {
    const { clock, transport, got } = setup();
    transport.inject(invite);
    const tx = got[0]!.tx!;
    tx.reply(486);
    transport.inject(ackNewBranch(tx.toTag));
    expect(got.map((g) => g.req.method)).toEqual(["INVITE", "ACK"]);
    expect(tx.state).toBe("completed");
    clock.advance(600);
    expect(transport.log().map(([, m]) => m)).toEqual(["486", "486"]);
  });

  test("on: an ACK with a new branch confirms the INVITE (same Call-ID, CSeq, From tag), is absorbed and reported by onAck", () => {
    const { clock, transport, got } = setup({ looseAckMatching: true });
    transport.inject(invite);
    const tx = got[0]!.tx!;
    let acked = 0;
    tx.onAck = () => acked++;
    tx.reply(486);
    transport.inject(ackNewBranch(tx.toTag));
    transport.inject(ackNewBranch(tx.toTag));
    expect(acked).toBe(1);
    expect(tx.state).toBe("confirmed");
    expect(got.map((g) => g.req.method)).toEqual(["INVITE"]);
    clock.advance(10_000);
    expect(transport.log().map(([, m]) => m)).toEqual(["486"]);
    expect(tx.state).toBe("terminated");
  });
});

test("close(): no timer fires afterwards, nothing more is sent", () => {
  const { clock, transport, layer, got } = setup();
  transport.inject(invite);
  got[0]!.tx!.reply(486);
  layer.close();
  clock.advance(60_000);
  expect(transport.log().map(([, m]) => m)).toEqual(["486"]);
  expect(clock.pending).toBe(0);
  expect(layer.size).toEqual({ client: 0, server: 0 });
});

describe("timer settings", () => {
  test("T4 = 0 over UDP: Timers I and K are zero, so the ACK ends the INVITE server transaction at once, as over TCP", () => {
    const { clock, transport, got } = setup({ timers: { T4: 0 } });
    transport.inject(invite);
    const tx = got[0]!.tx!;
    let ended = 0;
    tx.onTerminated = () => ended++;
    tx.reply(486);
    transport.inject(ackNewBranch(tx.toTag).replace("z9hG4bKother", "z9hG4bKinv1"));
    expect(tx.state).toBe("terminated");
    expect(ended).toBe(1);
    expect(clock.pending).toBe(0);
  });

  test("trying = Infinity: no automatic 100 Trying and no timer for it (the TU sends its own)", () => {
    const { clock, transport, got } = setup({ timers: { trying: Number.POSITIVE_INFINITY } });
    transport.inject(invite);
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    expect(transport.sent).toHaveLength(0);
    got[0]!.tx!.reply(100);
    expect(transport.log().map(([, m]) => m)).toEqual(["100"]);
  });
});
