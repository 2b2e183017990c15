// RFC 3261 §17.2 server transactions (and RFC 6026 Accepted), driven by a fake clock.

import type { SipRequest } from "../message.js";
import { FakeTransport } from "../testing/fake-transport.js";
import { FakeClock } from "./clock.js";
import { type ServerTransaction, TransactionLayer, type TransactionLayerOptions } from "./layer.js";

function setup(protocol: "udp" | "tcp" = "udp", opts: Partial<TransactionLayerOptions> = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport(protocol, clock);
  const layer = new TransactionLayer({ transports: [transport], clock, ...opts });
  const got: Array<{ req: SipRequest; tx: ServerTransaction | null }> = [];
  layer.onRequest((req, tx) => got.push({ req, tx }));
  return { clock, transport, layer, got };
}

const invite = (branch = "z9hG4bKinv1", proto = "UDP") => `INVITE sip:edge@127.0.0.1 SIP/2.0
Via: SIP/2.0/${proto} 192.0.2.1:5070;branch=${branch}
Max-Forwards: 70
From: <sip:alice@example.com>;tag=a1
To: <sip:edge@127.0.0.1>
Call-ID: call-1
CSeq: 7 INVITE
Contact: <sip:alice@192.0.2.1:5070>
Content-Length: 0

`;

const ackFor = (toTag: string, branch = "z9hG4bKinv1") => `ACK sip:edge@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.1:5070;branch=${branch}
Max-Forwards: 70
From: <sip:alice@example.com>;tag=a1
To: <sip:edge@127.0.0.1>;tag=${toTag}
Call-ID: call-1
CSeq: 7 ACK
Content-Length: 0

`;

const sent = (t: FakeTransport) => t.log().map(([at, m]) => `${at}:${m}`);

describe("INVITE server transaction (§17.2.1)", () => {
  test("'the server transaction MUST pass the request to the TU' once; retransmissions are absorbed", () => {
    const { transport, got } = setup();
    transport.inject(invite());
    transport.inject(invite());
    expect(got).toHaveLength(1);
    expect(got[0]!.tx?.state).toBe("proceeding");
  });

  test("'the server transaction MUST generate a 100 (Trying) response unless it knows that the TU will generate a provisional or final response within 200 ms'", () => {
    const { clock, transport } = setup();
    transport.inject(invite());
    clock.advance(199);
    expect(sent(transport)).toEqual([]);
    clock.advance(1);
    expect(sent(transport)).toEqual(["200:100"]);
    const trying = transport.sent[0]!.message;
    expect(!trying.isRequest && trying.to.tag).toBeNull();
  });

  test("no 100 Trying when the TU answers within 200 ms", () => {
    const { clock, transport, got } = setup();
    transport.inject(invite());
    clock.advance(50);
    got[0]!.tx!.reply(180);
    clock.advance(1000);
    expect(sent(transport)).toEqual(["50:180"]);
  });

  test("a retransmitted INVITE in Proceeding: the most recent provisional response 'MUST be passed to the transport layer for retransmission'", () => {
    const { clock, transport, got } = setup();
    transport.inject(invite());
    got[0]!.tx!.reply(180);
    clock.advance(500);
    transport.inject(invite());
    expect(sent(transport)).toEqual(["0:180", "500:180"]);
  });

  test("Completed: Timer G 'MUST be set to fire in T1', doubling up to T2, until Timer H (64*T1)", () => {
    const { clock, transport, got } = setup();
    transport.inject(invite());
    const tx = got[0]!.tx!;
    let timedOut = "";
    let timedOutAt = 0;
    tx.onTimeout = (t) => {
      timedOut = t;
      timedOutAt = clock.now();
    };
    tx.reply(302, { headers: [["Contact", "<sip:elsewhere@example.com>"]] });
    expect(tx.state).toBe("completed");
    clock.advance(40_000);
    const times = transport.log().map(([t]) => t);
    expect(times).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(timedOut).toBe("H");
    expect(timedOutAt).toBe(32_000);
    expect(tx.state).toBe("terminated");
  });

  test("302 over UDP is retransmitted until the ACK; then Confirmed absorbs ACKs for Timer I = T4", () => {
    const { clock, transport, got } = setup();
    transport.inject(invite());
    const tx = got[0]!.tx!;
    tx.reply(302, { headers: [["Contact", "<sip:elsewhere@example.com>"]] });
    clock.advance(1600);
    transport.inject(ackFor(tx.toTag));
    expect(tx.state).toBe("confirmed");
    clock.advance(10_000);
    expect(sent(transport)).toEqual(["0:302", "500:302", "1500:302"]);
    expect(got).toHaveLength(1); // the ACK for a non-2xx never reaches the TU
    expect(tx.state).toBe("terminated");
  });

  test("Timer I is 'zero seconds for reliable transports'", () => {
    const { transport, got } = setup("tcp");
    transport.inject(invite("z9hG4bKinv1", "TCP"));
    const tx = got[0]!.tx!;
    tx.reply(486);
    transport.inject(ackFor(tx.toTag));
    expect(tx.state).toBe("terminated");
  });

  test("onAck: the TU learns that the ACK for its non-2xx answer arrived, once, before Timer I ends the transaction", () => {
    const { clock, transport, got } = setup();
    transport.inject(invite());
    const tx = got[0]!.tx!;
    const seen: string[] = [];
    tx.onAck = (ack) => seen.push(`ack ${ack.cseq.method} ${tx.state}`);
    tx.onTerminated = () => seen.push("terminated");
    tx.reply(486);
    clock.advance(600);
    transport.inject(ackFor(tx.toTag));
    transport.inject(ackFor(tx.toTag)); // a retransmitted ACK is absorbed in Confirmed
    expect(seen).toEqual(["ack ACK confirmed"]);
    expect(tx.machine.lastResponse).toBeNull(); // nothing is re-sent from Confirmed: not kept for Timer I
    clock.advance(5000); // Timer I = T4
    expect(seen).toEqual(["ack ACK confirmed", "terminated"]);
    expect(got).toHaveLength(1);
  });

  test("onAck over TCP comes before onTerminated (Timer I is zero)", () => {
    const { transport, got } = setup("tcp");
    transport.inject(invite("z9hG4bKinv1", "TCP"));
    const tx = got[0]!.tx!;
    const seen: string[] = [];
    tx.onAck = () => seen.push("ack");
    tx.onTerminated = () => seen.push("terminated");
    tx.reply(404);
    transport.inject(ackFor(tx.toTag));
    expect(seen).toEqual(["ack", "terminated"]);
  });

  test("onAck is not called when the ACK never comes (Timer H) nor for the ACK of a 2xx (that one goes to the TU)", () => {
    const { clock, transport, got } = setup();
    transport.inject(invite());
    const failed = got[0]!.tx!;
    let acks = 0;
    let timeout = "";
    failed.onAck = () => acks++;
    failed.onTimeout = (t) => {
      timeout = t;
    };
    failed.reply(480);
    clock.advance(40_000);
    expect(timeout).toBe("H");
    transport.inject(invite("z9hG4bKinv2"));
    const ok = got[1]!.tx!;
    ok.onAck = () => acks++;
    ok.reply(200);
    transport.inject(ackFor(ok.toTag, "z9hG4bKack2"));
    expect(acks).toBe(0);
    expect(got.map((g) => g.req.method)).toEqual(["INVITE", "INVITE", "ACK"]);
  });

  test("RFC 6026: a 2xx moves to Accepted; the 2xx is re-sent until the ACK (new branch) arrives and the ACK 'MUST be passed to the TU'", () => {
    const { clock, transport, got } = setup();
    transport.inject(invite());
    const tx = got[0]!.tx!;
    tx.reply(200);
    expect(tx.state).toBe("accepted");
    clock.advance(1600);
    transport.inject(invite()); // a retransmitted INVITE is absorbed in Accepted
    transport.inject(ackFor(tx.toTag, "z9hG4bKack2"));
    clock.advance(5000);
    expect(sent(transport)).toEqual(["0:200", "500:200", "1500:200"]);
    expect(got.map((g) => g.req.method)).toEqual(["INVITE", "ACK"]);
    expect(got[1]!.tx).toBeNull();
    clock.advance(32_000);
    expect(tx.state).toBe("terminated"); // Timer L
  });

  test("§17.2.3 RFC 2543 fallback: without the magic cookie, retransmissions and the ACK still match", () => {
    const { clock, transport, got } = setup();
    const old = invite("z9hG4bKinv1").replace(";branch=z9hG4bKinv1", "");
    transport.inject(old);
    transport.inject(old);
    expect(got).toHaveLength(1);
    const tx = got[0]!.tx!;
    tx.reply(404);
    transport.inject(ackFor(tx.toTag).replace(";branch=z9hG4bKinv1", ""));
    expect(tx.state).toBe("confirmed");
    clock.advance(6000);
    expect(tx.state).toBe("terminated");
  });

  test("CANCEL matching an INVITE: 200 to the CANCEL, then 'the UAS SHOULD ... respond to the INVITE with a 487'", () => {
    const { transport, got } = setup();
    transport.inject(invite());
    const tx = got[0]!.tx!;
    tx.reply(180);
    transport.inject(invite().replace("INVITE sip:", "CANCEL sip:").replace("7 INVITE", "7 CANCEL"));
    const statuses = transport.sent.map((s) =>
      s.message.isRequest ? s.message.method : `${s.message.status} ${s.message.cseq.method}`,
    );
    expect(statuses).toEqual(["180 INVITE", "200 CANCEL", "487 INVITE"]);
    expect(got).toHaveLength(1);
  });

  test("CANCEL matching nothing: 'the UAS SHOULD respond to the CANCEL with a 481'", () => {
    const { transport } = setup();
    transport.inject(invite().replace("INVITE sip:", "CANCEL sip:").replace("7 INVITE", "7 CANCEL"));
    const res = transport.sent[0]!.message;
    expect(!res.isRequest && res.status).toBe(481);
  });

  test("a TU with onCancel decides how to end the INVITE", () => {
    const { transport, got } = setup();
    transport.inject(invite());
    const tx = got[0]!.tx!;
    let cancelled = false;
    tx.onCancel = () => {
      cancelled = true;
    };
    transport.inject(invite().replace("INVITE sip:", "CANCEL sip:").replace("7 INVITE", "7 CANCEL"));
    expect(cancelled).toBe(true);
    expect(tx.state).toBe("proceeding");
  });
});

describe("non-INVITE server transaction (§17.2.2)", () => {
  const options = `OPTIONS sip:edge@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKopt
From: <sip:alice@example.com>;tag=a1
To: <sip:edge@127.0.0.1>
Call-ID: o-1
CSeq: 1 OPTIONS
Content-Length: 0

`;

  test("in Completed a retransmission 'MUST pass the final response to the transport layer for retransmission'; Timer J = 64*T1", () => {
    const { clock, transport, got } = setup();
    transport.inject(options);
    const tx = got[0]!.tx!;
    tx.reply(200);
    clock.advance(700);
    transport.inject(options);
    expect(sent(transport)).toEqual(["0:200", "700:200"]);
    expect(got).toHaveLength(1);
    clock.advance(31_299);
    expect(tx.state).toBe("completed");
    clock.advance(1);
    expect(tx.state).toBe("terminated");
  });

  test("Timer J is 'zero seconds for reliable transports'", () => {
    const { transport, got } = setup("tcp");
    transport.inject(options.replace("SIP/2.0/UDP", "SIP/2.0/TCP"));
    const tx = got[0]!.tx!;
    tx.reply(200);
    expect(tx.state).toBe("terminated");
  });

  test("responses go to the Via's received/rport (§18.2.2, RFC 3581)", () => {
    const { transport, got } = setup();
    transport.inject(
      options.replace("branch=z9hG4bKopt", "branch=z9hG4bKopt;received=198.51.100.9;rport=40000"),
    );
    got[0]!.tx!.reply(200);
    expect(transport.sent[0]!.to).toEqual({ address: "198.51.100.9", port: 40000 });
  });

  test("a transport error is reported and ends the transaction", () => {
    const { transport, got } = setup();
    transport.inject(options);
    const tx = got[0]!.tx!;
    let errs = 0;
    tx.onTransportError = () => errs++;
    transport.failSends = true;
    tx.reply(200);
    expect(errs).toBe(1);
    expect(tx.state).toBe("terminated");
  });
});

test("the 100 Trying copies Via/From/To/Call-ID/CSeq (§8.2.6)", () => {
  const { clock, transport } = setup();
  transport.inject(invite());
  clock.advance(200);
  const t = transport.sent[0]!.message;
  expect(t.isRequest).toBe(false);
  expect(t.callId).toBe("call-1");
  expect(t.cseq).toEqual({ seq: 7, method: "INVITE" });
  expect(t.topVia?.branch).toBe("z9hG4bKinv1");
});

// ---- layer options for servers in the field: symmetric responses (NAT, load balancers),
// loose ACK matching, timer settings, close()

const natSource = { address: "203.0.113.7", port: 40123, transport: "udp" as const };

describe("symmetricResponses", () => {
  test("off (default): the response goes to the Via sent-by (§18.2.2)", () => {
    const { transport, got } = setup();
    transport.inject(invite(), natSource);
    got[0]!.tx!.reply(486);
    expect(transport.sent[0]!.to).toEqual({ address: "192.0.2.1", port: 5070 });
  });

  test("on: the response and its retransmissions go back to the request's source address and port", () => {
    const { clock, transport, got } = setup("udp", { symmetricResponses: true });
    transport.inject(invite(), natSource);
    got[0]!.tx!.reply(486);
    clock.advance(600);
    expect(transport.sent.map((s) => s.to)).toEqual([natSource, natSource]);
  });
});

describe("looseAckMatching", () => {
  test("off (default): an ACK with a new branch goes to the TU and the failure is re-sent until Timer H", () => {
    const { clock, transport, got } = setup();
    transport.inject(invite());
    const tx = got[0]!.tx!;
    tx.reply(486);
    transport.inject(ackFor(tx.toTag, "z9hG4bKother"));
    expect(got.map((g) => g.req.method)).toEqual(["INVITE", "ACK"]);
    expect(tx.state).toBe("completed");
    clock.advance(600);
    expect(transport.log().map(([, m]) => m)).toEqual(["486", "486"]);
  });

  test("on: an ACK with a new branch confirms the INVITE (same Call-ID, CSeq, From tag), is absorbed and reported by onAck", () => {
    const { clock, transport, got } = setup("udp", { looseAckMatching: true });
    transport.inject(invite());
    const tx = got[0]!.tx!;
    let acked = 0;
    tx.onAck = () => acked++;
    tx.reply(486);
    transport.inject(ackFor(tx.toTag, "z9hG4bKother"));
    transport.inject(ackFor(tx.toTag, "z9hG4bKother"));
    expect(acked).toBe(1);
    expect(tx.state).toBe("confirmed");
    expect(got.map((g) => g.req.method)).toEqual(["INVITE"]);
    clock.advance(10_000);
    expect(transport.log().map(([, m]) => m)).toEqual(["486"]);
    expect(tx.state).toBe("terminated");
  });
  test("on: two INVITEs of one Call-ID in Completed together (CSeq 7 and 8): each new-branch ACK confirms its own", () => {
    const { transport, got } = setup("udp", { looseAckMatching: true });
    transport.inject(invite());
    transport.inject(invite("z9hG4bKinv2").replace("CSeq: 7", "CSeq: 8"));
    const [first, second] = got.map((g) => g.tx!);
    const acked: string[] = [];
    first!.onAck = () => acked.push("7");
    second!.onAck = () => acked.push("8");
    first!.reply(407);
    second!.reply(486);
    transport.inject(ackFor(second!.toTag, "z9hG4bKa").replace("CSeq: 7", "CSeq: 8"));
    expect(acked).toEqual(["8"]);
    expect(first!.state).toBe("completed");
    transport.inject(ackFor(first!.toTag, "z9hG4bKb"));
    expect(acked).toEqual(["8", "7"]);
    expect(first!.state).toBe("confirmed");
    // a copy of an ACK is absorbed in Confirmed (Timer I), reported to nobody
    transport.inject(ackFor(first!.toTag, "z9hG4bKc"));
    expect(acked).toEqual(["8", "7"]);
    expect(got.map((g) => g.req.method)).toEqual(["INVITE", "INVITE"]);
  });
});

describe("§17.2.3 matching details", () => {
  test("one branch from two sent-bys is two transactions; each one's retransmission and ACK find their own", () => {
    const { transport, got } = setup();
    transport.inject(invite());
    const other = invite()
      .replace("192.0.2.1:5070;branch", "192.0.2.9:5070;branch")
      .replace("call-1", "call-9");
    transport.inject(other);
    expect(got.map((g) => g.req.callId)).toEqual(["call-1", "call-9"]);
    const [a, b] = got.map((g) => g.tx!);
    a!.reply(486);
    b!.reply(603);
    // retransmissions of each INVITE get that transaction's answer again
    transport.inject(other);
    transport.inject(invite());
    expect(transport.log().map(([, m]) => m)).toEqual(["486", "603", "603", "486"]);
    transport.inject(
      ackFor(b!.toTag).replace("192.0.2.1:5070;branch", "192.0.2.9:5070;branch").replace("call-1", "call-9"),
    );
    expect([a!.state, b!.state]).toEqual(["completed", "confirmed"]);
    transport.inject(ackFor(a!.toTag));
    expect(a!.state).toBe("confirmed");
    expect(got).toHaveLength(2);
  });

  test("looseAckMatching on: an ACK that keeps the INVITE's branch (RFC 3261) confirms it too", () => {
    const { transport, got } = setup("udp", { looseAckMatching: true });
    transport.inject(invite());
    const tx = got[0]!.tx!;
    tx.reply(486);
    transport.inject(ackFor(tx.toTag));
    expect(tx.state).toBe("confirmed");
    expect(got).toHaveLength(1);
  });

  test("looseAckMatching on: three INVITEs of one Call-ID in Completed, the middle one ends first, the others still find their ACKs", () => {
    const { transport, got, layer } = setup("udp", { looseAckMatching: true, timers: { T4: 0 } });
    for (const seq of [7, 8, 9])
      transport.inject(invite(`z9hG4bKinv${seq}`).replace("CSeq: 7", `CSeq: ${seq}`));
    const txs = got.map((g) => g.tx!);
    for (const tx of txs) tx.reply(486);
    const ack = (i: number) =>
      transport.inject(ackFor(txs[i]!.toTag, `z9hG4bKack${i}`).replace("CSeq: 7", `CSeq: ${7 + i}`));
    ack(1);
    expect(txs.map((t) => t.state)).toEqual(["completed", "terminated", "completed"]);
    ack(2);
    ack(0);
    expect(txs.map((t) => t.state)).toEqual(["terminated", "terminated", "terminated"]);
    expect(layer.size.server).toBe(0);
    expect(got).toHaveLength(3);
  });
});

test("TransactionLayer.close(): no timer fires afterwards, nothing more is sent", () => {
  const { clock, transport, layer, got } = setup();
  transport.inject(invite());
  got[0]!.tx!.reply(486);
  layer.close();
  clock.advance(60_000);
  expect(transport.log().map(([, m]) => m)).toEqual(["486"]);
  expect(clock.pending).toBe(0);
  expect(layer.size).toEqual({ client: 0, server: 0 });
});

describe("timer settings", () => {
  test("T4 = 0 over UDP: Timers I and K are zero, so the ACK ends the INVITE server transaction at once, as over TCP", () => {
    const { clock, transport, got } = setup("udp", { timers: { T4: 0 } });
    transport.inject(invite());
    const tx = got[0]!.tx!;
    let ended = 0;
    tx.onTerminated = () => ended++;
    tx.reply(486);
    transport.inject(ackFor(tx.toTag));
    expect(tx.state).toBe("terminated");
    expect(ended).toBe(1);
    expect(clock.pending).toBe(0);
  });

  test("trying = Infinity: no automatic 100 Trying and no timer for it (the TU sends its own)", () => {
    const { clock, transport, got } = setup("udp", { timers: { trying: Number.POSITIVE_INFINITY } });
    transport.inject(invite());
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    expect(transport.sent).toHaveLength(0);
    got[0]!.tx!.reply(100);
    expect(transport.log().map(([, m]) => m)).toEqual(["100"]);
  });
});
