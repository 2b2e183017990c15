import { createRequest, createResponse } from "./builders.js";
import { Dialog, nextHop } from "./dialog.js";
import type { SipRequest, SipResponse } from "./message.js";
import { FakeTransport } from "./testing/fake-transport.js";
import { FakeClock } from "./transaction/clock.js";
import { TransactionLayer } from "./transaction/layer.js";
import { UserAgent } from "./ua.js";

function invite(): SipRequest {
  const req = createRequest({
    method: "INVITE",
    uri: "sip:bob@example.com",
    from: "<sip:alice@example.com>;tag=a1",
    to: "<sip:bob@example.com>",
    callId: "dlg-1",
    cseq: 10,
    via: { transport: "UDP", host: "192.0.2.1", port: 5060, branch: "z9hG4bKd1" },
    contact: "<sip:alice@192.0.2.1:5060>",
  });
  req.add("Record-Route", "<sip:p1.example.com;lr>");
  req.add("Record-Route", "<sip:p2.example.com;lr>");
  return req;
}

test("§12.1.1 UAS dialog: route set is Record-Route in order, remote target the Contact, remote CSeq the INVITE's", () => {
  const d = Dialog.asUas(invite(), "b1");
  expect(d.id).toEqual({ callId: "dlg-1", localTag: "b1", remoteTag: "a1" });
  expect(d.routeSet).toEqual(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
  expect(d.remoteTarget).toBe("sip:alice@192.0.2.1:5060");
  expect(d.remoteSeq).toBe(10);
  const bye = d.createRequest("BYE");
  expect(bye.uri).toBe("sip:alice@192.0.2.1:5060");
  expect(bye.getAll("route")).toEqual(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
  expect(bye.from.tag).toBe("b1");
  expect(bye.to.tag).toBe("a1");
  expect(bye.from.uriText).toBe("sip:bob@example.com");
  expect(nextHop(bye)).toEqual({ address: "p1.example.com", port: 5060, transport: "udp" });
});

test("§12.1.2 UAC dialog: route set is Record-Route reversed; CSeq increments; ACK keeps the INVITE's number", () => {
  const inv = invite();
  const res = createResponse(inv, 200, { toTag: "b1" });
  res.add("Contact", "<sip:bob@198.51.100.2:5080;transport=tcp>");
  const d = Dialog.asUac(inv, res);
  expect(d.routeSet).toEqual(["<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"]);
  expect(d.remoteTarget).toBe("sip:bob@198.51.100.2:5080;transport=tcp");
  expect(d.createAck(10).cseq).toEqual({ seq: 10, method: "ACK" });
  expect(d.createRequest("BYE").cseq).toEqual({ seq: 11, method: "BYE" });
  expect(d.createRequest("INFO").cseq.seq).toBe(12);
});

test("strict routing (first route without lr): its URI becomes the Request-URI and the target goes last", () => {
  const inv = invite();
  inv.set("Record-Route", "<sip:strict.example.com>");
  const d = Dialog.asUas(inv, "b1");
  const bye = d.createRequest("BYE");
  expect(bye.uri).toBe("sip:strict.example.com");
  expect(bye.getAll("route")).toEqual(["<sip:alice@192.0.2.1:5060>"]);
});

test("'If the remote sequence number ... is lower ... the request is out of order and MUST be rejected with a 500'", () => {
  const d = Dialog.asUas(invite(), "b1");
  const info = d.createRequest("INFO");
  info.set("CSeq", "9 INFO");
  expect(d.receiveRequest(info)).toBe(500);
  info.set("CSeq", "11 INFO");
  expect(d.receiveRequest(info)).toBeNull();
  expect(d.remoteSeq).toBe(11);
});

test("a re-INVITE refreshes the remote target; a 481 to an in-dialog request ends the dialog", () => {
  const d = Dialog.asUas(invite(), "b1");
  const re = invite();
  re.set("CSeq", "11 INVITE");
  re.set("Contact", "<sip:alice@192.0.2.99:5060>");
  expect(d.receiveRequest(re)).toBeNull();
  expect(d.remoteTarget).toBe("sip:alice@192.0.2.99:5060");
  const bye = d.createRequest("BYE");
  d.receiveResponse(bye, createResponse(bye, 481));
  expect(d.state).toBe("terminated");
});

describe("UserAgent over the transaction layer", () => {
  function pair() {
    const clock = new FakeClock();
    const transport = new FakeTransport("udp", clock);
    const layer = new TransactionLayer({ transports: [transport], clock });
    const ua = new UserAgent(layer, { contact: () => "<sip:edge@127.0.0.1:5060>" });
    return { clock, transport, layer, ua };
  }
  const INV = `INVITE sip:edge@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKua1
Max-Forwards: 70
From: <sip:alice@example.com>;tag=a1
To: <sip:edge@127.0.0.1>
Call-ID: ua-1
CSeq: 1 INVITE
Contact: <sip:alice@192.0.2.1:5070>
Content-Length: 0

`;
  const inDialog = (method: string, seq: number, toTag: string, branch: string) =>
    INV.replace("INVITE sip:", `${method} sip:`)
      .replace("1 INVITE", `${seq} ${method}`)
      .replace("To: <sip:edge@127.0.0.1>", `To: <sip:edge@127.0.0.1>;tag=${toTag}`)
      .replace("z9hG4bKua1", branch);

  function answered() {
    const p = pair();
    let dialog: Dialog | null = null;
    p.ua.onIncoming((_req, tx) => {
      dialog = p.ua.answer(tx, 200, { body: "v=0\r\n", contentType: "application/sdp" });
    });
    p.transport.inject(INV);
    return { ...p, dialog: dialog! };
  }
  const last = (t: FakeTransport) => t.sent[t.sent.length - 1]!.message as SipResponse;

  test("an answered INVITE creates a dialog; the 2xx carries our Contact; the ACK reaches onAck", () => {
    const { transport, ua, dialog } = answered();
    expect(dialog.state).toBe("confirmed");
    expect(last(transport).contact[0]?.uriText).toBe("sip:edge@127.0.0.1:5060");
    let acked = false;
    ua.onAck(() => {
      acked = true;
    });
    transport.inject(inDialog("ACK", 1, dialog.id.localTag, "z9hG4bKack"));
    expect(acked).toBe(true);
  });

  test("in-dialog BYE is answered 200 and ends the dialog; OPTIONS gets 200; unknown dialogs get 481", () => {
    const { transport, ua, dialog } = answered();
    transport.inject(inDialog("OPTIONS", 2, dialog.id.localTag, "z9hG4bKo"));
    expect(last(transport).status).toBe(200);
    transport.inject(inDialog("BYE", 3, dialog.id.localTag, "z9hG4bKb"));
    expect(last(transport).status).toBe(200);
    expect(ua.dialogs.size).toBe(0);
    transport.inject(inDialog("BYE", 4, dialog.id.localTag, "z9hG4bKb2"));
    expect(last(transport).status).toBe(481);
  });

  test("a re-INVITE is refused cleanly (488) by default, and 491 while our own re-INVITE is pending", () => {
    const { transport, ua, dialog } = answered();
    transport.inject(inDialog("INVITE", 2, dialog.id.localTag, "z9hG4bKr1"));
    expect(last(transport).status).toBe(488);
    ua.request(dialog, "INVITE", { body: "v=0\r\n", contentType: "application/sdp" });
    transport.inject(inDialog("INVITE", 3, dialog.id.localTag, "z9hG4bKr2"));
    expect(last(transport).status).toBe(491);
  });

  test("a re-INVITE the application answers 200 is ACKed and the next one is accepted", () => {
    const { transport, ua, dialog } = answered();
    ua.onDialogRequest((_d, req, tx) => {
      if (req.method !== "INVITE") return false;
      tx.reply(200, { toTag: dialog.id.localTag, body: "v=0\r\n", contentType: "application/sdp" });
      return true;
    });
    transport.inject(inDialog("INVITE", 2, dialog.id.localTag, "z9hG4bKr1"));
    expect(last(transport).status).toBe(200);
    transport.inject(inDialog("INVITE", 3, dialog.id.localTag, "z9hG4bKr2"));
    expect(last(transport).status).toBe(200);
    expect(last(transport).cseq.seq).toBe(3);
  });

  test("UAC: the 2xx is ACKed (and its retransmission ACKed again); BYE ends the dialog on 200", () => {
    const { transport, ua } = pair();
    const req = createRequest({
      method: "INVITE",
      uri: "sip:bob@192.0.2.1:5070",
      from: "<sip:edge@127.0.0.1>;tag=e1",
      to: "<sip:bob@192.0.2.1>",
      cseq: 1,
      via: { transport: "UDP", host: "127.0.0.1", port: 5060 },
    });
    let dialog: Dialog | null = null;
    ua.invite(req, { address: "192.0.2.1", port: 5070, transport: "udp" }, { onAnswer: (d) => (dialog = d) });
    const ok = createResponse(req, 200, { toTag: "b9" });
    ok.add("Contact", "<sip:bob@192.0.2.1:5070>");
    transport.inject(ok);
    transport.inject(ok);
    const methods = transport.sent.map((s) => (s.message.isRequest ? s.message.method : s.message.status));
    expect(methods).toEqual(["INVITE", "ACK", "ACK"]);
    expect(dialog).not.toBeNull();
    const bye = ua.request(dialog!, "BYE");
    transport.inject(createResponse(bye.request, 200));
    expect(dialog!.state).toBe("terminated");
    expect(ua.dialogs.size).toBe(0);
  });

  test("UAC: a 2xx from a second fork (another To tag) gets its own ACK and a BYE, not the first dialog's ACK", () => {
    const { transport, ua } = pair();
    const req = createRequest({
      method: "INVITE",
      uri: "sip:bob@192.0.2.1:5070",
      from: "<sip:edge@127.0.0.1>;tag=e1",
      to: "<sip:bob@192.0.2.1>",
      cseq: 1,
      via: { transport: "UDP", host: "127.0.0.1", port: 5060 },
    });
    ua.invite(req, { address: "192.0.2.1", port: 5070, transport: "udp" });
    const first = createResponse(req, 200, { toTag: "forkA" });
    first.add("Contact", "<sip:a@192.0.2.1:5070>");
    const second = createResponse(req, 200, { toTag: "forkB" });
    second.add("Contact", "<sip:b@192.0.2.2:5070>");
    transport.inject(first);
    transport.inject(second);
    transport.inject(second);
    const sent = transport.sent.slice(1).map((s) => s.message as SipRequest);
    expect(sent.map((m) => `${m.method} ${m.to.tag}`)).toEqual([
      "ACK forkA",
      "ACK forkB",
      "BYE forkB",
      "ACK forkB",
    ]);
    expect(sent[2]?.uri).toBe("sip:b@192.0.2.2:5070");
    expect(ua.dialogs.size).toBe(1);
  });
});
