// RFC 3261 §17.1 client transactions (and RFC 6026 Accepted), driven by a fake clock.

import { createRequest, createResponse } from "../builders.js";
import type { SipRequest, SipResponse } from "../message.js";
import { FakeTransport } from "../testing/fake-transport.js";
import { FakeClock } from "./clock.js";
import { type ClientTransaction, TransactionLayer } from "./layer.js";

function setup(protocol: "udp" | "tcp" = "udp") {
  const clock = new FakeClock();
  const transport = new FakeTransport(protocol, clock);
  const layer = new TransactionLayer({ transports: [transport], clock });
  return { clock, transport, layer };
}

function request(method: string): SipRequest {
  return createRequest({
    method,
    uri: "sip:bob@192.0.2.1:5070",
    from: "<sip:edge@127.0.0.1>;tag=e1",
    to: "<sip:bob@example.com>",
    callId: `c-${method}`,
    cseq: 1,
    via: { transport: "UDP", host: "127.0.0.1", port: 5060 },
  });
}

const DEST = { address: "192.0.2.1", port: 5070, transport: "udp" as const };

function watch(tx: ClientTransaction) {
  const seen = { responses: [] as SipResponse[], timeouts: [] as string[], errors: 0, terminated: false };
  tx.onResponse = (r) => seen.responses.push(r);
  tx.onTimeout = (t) => seen.timeouts.push(t);
  tx.onTransportError = () => seen.errors++;
  tx.onTerminated = () => {
    seen.terminated = true;
  };
  return seen;
}

describe("INVITE client transaction (§17.1.1)", () => {
  test("'the client transaction MUST start timer A with a value of T1': retransmits at T1, 2T1, 4T1... (no cap)", () => {
    const { clock, transport, layer } = setup();
    layer.sendRequest(request("INVITE"), DEST);
    clock.advance(16_000);
    const times = transport
      .log()
      .filter(([, m]) => m === "INVITE")
      .map(([t]) => t);
    expect(times).toEqual([0, 500, 1500, 3500, 7500, 15500]);
  });

  test("'If the client transaction is still in the Calling state when timer B fires' it informs the TU of a timeout at 64*T1", () => {
    const { clock, layer } = setup();
    const seen = watch(layer.sendRequest(request("INVITE"), DEST));
    clock.advance(31_999);
    expect(seen.timeouts).toEqual([]);
    clock.advance(1);
    expect(seen.timeouts).toEqual(["B"]);
    expect(seen.terminated).toBe(true);
  });

  test("over a reliable transport 'the client transaction MUST NOT start timer A'", () => {
    const { clock, transport, layer } = setup("tcp");
    layer.sendRequest(request("INVITE"), { ...DEST, transport: "tcp" });
    clock.advance(10_000);
    expect(transport.log()).toEqual([[0, "INVITE"]]);
  });

  test("a provisional response 'MUST be passed to the TU' and moves to Proceeding, stopping retransmissions", () => {
    const { clock, transport, layer } = setup();
    const req = request("INVITE");
    const tx = layer.sendRequest(req, DEST);
    const seen = watch(tx);
    clock.advance(100);
    transport.inject(createResponse(req, 180, { toTag: "b1" }));
    expect(tx.state).toBe("proceeding");
    expect(seen.responses.map((r) => r.status)).toEqual([180]);
    clock.advance(60_000);
    expect(transport.log()).toEqual([[0, "INVITE"]]);
  });

  test("300-699: 'the client transaction MUST generate an ACK request' with the INVITE's Via and the response's To", () => {
    const { clock, transport, layer } = setup();
    const req = request("INVITE");
    const tx = layer.sendRequest(req, DEST);
    const seen = watch(tx);
    transport.inject(createResponse(req, 486, { toTag: "busy1" }));
    expect(tx.state).toBe("completed");
    expect(seen.responses.map((r) => r.status)).toEqual([486]);
    const ack = transport.sent[1]!.message as SipRequest;
    expect(ack.method).toBe("ACK");
    expect(ack.uri).toBe(req.uri);
    expect(ack.topVia?.branch).toBe(req.topVia?.branch);
    expect(ack.to.tag).toBe("busy1");
    expect(ack.cseq).toEqual({ seq: 1, method: "ACK" });
    expect(ack.callId).toBe(req.callId);
    // "retransmissions of the final response ... MUST cause the ACK to be re-passed to the
    // transport layer ... but the newly received response MUST NOT be passed up to the TU"
    clock.advance(1000);
    transport.inject(createResponse(req, 486, { toTag: "busy1" }));
    expect(transport.log().map(([, m]) => m)).toEqual(["INVITE", "ACK", "ACK"]);
    expect(seen.responses).toHaveLength(1);
  });

  test("Timer D 'MUST be set ... at least 32 seconds for unreliable transports'", () => {
    const { clock, transport, layer } = setup();
    const req = request("INVITE");
    const seen = watch(layer.sendRequest(req, DEST));
    transport.inject(createResponse(req, 503, { toTag: "x" }));
    clock.advance(31_999);
    expect(seen.terminated).toBe(false);
    clock.advance(1);
    expect(seen.terminated).toBe(true);
  });

  test("Timer D is 'zero seconds for reliable transports'", () => {
    const { transport, layer } = setup("tcp");
    const req = request("INVITE");
    const seen = watch(layer.sendRequest(req, { ...DEST, transport: "tcp" }));
    transport.inject(createResponse(req, 503, { toTag: "x" }));
    expect(seen.terminated).toBe(true);
  });

  test("RFC 6026: a 2xx moves to Accepted; 'any 2xx ... MUST be passed up to the TU' until Timer M (64*T1) fires", () => {
    const { clock, transport, layer } = setup();
    const req = request("INVITE");
    const tx = layer.sendRequest(req, DEST);
    const seen = watch(tx);
    const ok = createResponse(req, 200, { toTag: "ok1" });
    transport.inject(ok);
    expect(tx.state).toBe("accepted");
    clock.advance(1000);
    transport.inject(ok);
    expect(seen.responses.map((r) => r.status)).toEqual([200, 200]);
    expect(transport.log().map(([, m]) => m)).toEqual(["INVITE"]); // the TU ACKs 2xx, not the transaction
    clock.advance(31_000);
    expect(seen.terminated).toBe(true);
  });

  test("a transport error in Calling is reported to the TU and ends the transaction", () => {
    const { transport, layer } = setup();
    transport.failSends = true;
    const tx = layer.sendRequest(request("INVITE"), DEST);
    expect(tx.state).toBe("terminated");
  });

  test("CANCEL: 'the client MUST wait for the arrival of a provisional response before sending' it; it reuses the branch", () => {
    const { transport, layer } = setup();
    const req = request("INVITE");
    const tx = layer.sendRequest(req, DEST);
    tx.cancel("SIP;cause=487");
    expect(transport.log().map(([, m]) => m)).toEqual(["INVITE"]);
    transport.inject(createResponse(req, 180, { toTag: "b" }));
    const cancel = transport.sent[1]!.message as SipRequest;
    expect(cancel.method).toBe("CANCEL");
    expect(cancel.topVia?.branch).toBe(req.topVia?.branch);
    expect(cancel.cseq).toEqual({ seq: 1, method: "CANCEL" });
    expect(cancel.get("reason")).toBe("SIP;cause=487");
    // 200 to the CANCEL matches the CANCEL transaction (CSeq method), 487 the INVITE
    const seen = watch(tx);
    transport.inject(createResponse(cancel, 200, { toTag: "b" }));
    expect(tx.cancelTransaction?.state).toBe("completed");
    transport.inject(createResponse(req, 487, { toTag: "b" }));
    expect(seen.responses.map((r) => r.status)).toEqual([487]);
  });
});

describe("non-INVITE client transaction (§17.1.2)", () => {
  test("Timer E doubles 'until it reaches T2' and then retransmits every T2", () => {
    const { clock, transport, layer } = setup();
    layer.sendRequest(request("OPTIONS"), DEST);
    clock.advance(20_000);
    const times = transport.log().map(([t]) => t);
    expect(times).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500]);
  });

  test("in Proceeding 'the client transaction MUST ... reset timer E with a value of T2'", () => {
    const { clock, transport, layer } = setup();
    const req = request("BYE");
    layer.sendRequest(req, DEST);
    transport.inject(createResponse(req, 100));
    clock.advance(9000);
    expect(transport.log().map(([t]) => t)).toEqual([0, 500, 4500, 8500]);
  });

  test("Timer F (64*T1): 'the client transaction SHOULD inform the TU about the timeout'", () => {
    const { clock, layer } = setup();
    const seen = watch(layer.sendRequest(request("OPTIONS"), DEST));
    clock.advance(32_000);
    expect(seen.timeouts).toEqual(["F"]);
    expect(seen.terminated).toBe(true);
  });

  test("a final response 'MUST be passed to the TU'; Completed absorbs retransmissions for Timer K = T4", () => {
    const { clock, transport, layer } = setup();
    const req = request("OPTIONS");
    const seen = watch(layer.sendRequest(req, DEST));
    const ok = createResponse(req, 200, { toTag: "o" });
    transport.inject(ok);
    transport.inject(ok);
    expect(seen.responses).toHaveLength(1);
    clock.advance(4999);
    expect(seen.terminated).toBe(false);
    clock.advance(1);
    expect(seen.terminated).toBe(true);
  });

  test("Timer K is 'zero seconds for reliable transports'", () => {
    const { transport, layer } = setup("tcp");
    const req = request("OPTIONS");
    const seen = watch(layer.sendRequest(req, { ...DEST, transport: "tcp" }));
    transport.inject(createResponse(req, 200, { toTag: "o" }));
    expect(seen.terminated).toBe(true);
  });

  test("§17.1.3: a response matches only if branch AND CSeq method match", () => {
    const { transport, layer } = setup();
    const req = request("OPTIONS");
    const seen = watch(layer.sendRequest(req, DEST));
    const stray: number[] = [];
    layer.onStrayResponse((r) => stray.push(r.status));
    const other = createResponse(req, 200, { toTag: "o" });
    other.set("CSeq", "1 INFO");
    transport.inject(other);
    expect(seen.responses).toHaveLength(0);
    expect(stray).toEqual([200]);
  });
});
