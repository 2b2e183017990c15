import { Dialog, parseMessage, type SipRequest, type SipResponse } from "@ringflow/sip-core";
import { hopOf, inDialogRequest } from "./dialog.js";
import type { Peer } from "./transport.js";

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, "\r\n"));
const invite = parseMessage(
  crlf(`INVITE sip:bob@callee.example SIP/2.0
Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bK-1
Max-Forwards: 70
From: <sip:alice@example.com>;tag=ours
To: <sip:bob@callee.example>
Call-ID: leg-1@ringflow
CSeq: 1 INVITE
Content-Length: 0

`),
) as SipRequest;
const ok = (contact: string, recordRoute?: string) =>
  parseMessage(
    crlf(`SIP/2.0 200 OK
Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bK-1
${recordRoute ? `Record-Route: ${recordRoute}\n` : ""}From: <sip:alice@example.com>;tag=ours
To: <sip:bob@callee.example>;tag=theirs
Call-ID: leg-1@ringflow
CSeq: 1 INVITE
Contact: ${contact}
Content-Length: 0

`),
  ) as SipResponse;
const peer: Peer = { transport: "udp", address: "192.0.2.50", port: 5070 };
const advertised = { host: "203.0.113.9", port: 5060 };

test("an in-dialog BYE: the dialog's tags, next CSeq, our Via (advertised address) on top, sent to the Contact", () => {
  const d = Dialog.asUac(invite, ok("<sip:bob@192.0.2.60:5080>"));
  const { req, peer: hop } = inDialogRequest(d, "BYE", peer, advertised);
  expect(req.uri).toBe("sip:bob@192.0.2.60:5080");
  expect(req.headers[0]?.name).toBe("via");
  expect(req.via[0]?.host).toBe("203.0.113.9");
  expect(req.from.tag).toBe("ours");
  expect(req.to.tag).toBe("theirs");
  expect(req.cseq).toMatchObject({ seq: 2, method: "BYE" });
  expect(req.has("contact")).toBe(false);
  expect(hop).toEqual({ address: "192.0.2.60", port: 5080, transport: "udp" });
});

test("the ACK keeps the INVITE's CSeq; a re-INVITE carries our Contact for the hop's transport", () => {
  const d = Dialog.asUac(invite, ok("<sip:bob@192.0.2.60:5080;transport=tcp>"));
  expect(inDialogRequest(d, "ACK", peer, advertised, 1).req.cseq).toMatchObject({ seq: 1, method: "ACK" });
  const { req, peer: hop } = inDialogRequest(d, "INVITE", peer, advertised);
  expect(hop.transport).toBe("tcp");
  expect(req.via[0]?.transport).toBe("TCP");
  expect(req.get("contact")).toBe("<sip:ringflow@203.0.113.9:5060;transport=tcp>");
});

test("a loose route set: the request goes to the first route, which it carries", () => {
  const d = Dialog.asUac(invite, ok("<sip:bob@192.0.2.60:5080>", "<sip:192.0.2.70:5090;lr>"));
  const { req, peer: hop } = inDialogRequest(d, "BYE", peer, advertised);
  expect(req.get("route")).toBe("<sip:192.0.2.70:5090;lr>");
  expect(hop).toEqual({ address: "192.0.2.70", port: 5090, transport: "udp" });
});

test("a hop named by a hostname goes to the peer the dialog started with (no DNS in a dialog)", () => {
  const d = Dialog.asUac(invite, ok("<sip:bob@callee.example>"));
  const { req } = inDialogRequest(d, "BYE", peer, advertised);
  expect(hopOf(req, peer)).toBe(peer);
});
