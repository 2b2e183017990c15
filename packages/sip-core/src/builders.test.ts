import { createResponse } from "./builders.js";
import type { SipRequest } from "./message.js";
import { parseMessage } from "./parser.js";

const request = (to: string, extra = "") =>
  parseMessage(
    Buffer.from(
      "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\r\n" +
        `Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=f\r\nTo: ${to}\r\nCall-ID: c1\r\n` +
        `CSeq: 1 INVITE\r\n${extra}Contact: <sip:alice@192.0.2.1>\r\nContent-Length: 0\r\n\r\n`,
    ),
  ) as SipRequest;

test("§8.2.6.2: Via, From, To, Call-ID and CSeq are copied in order; Record-Route only on 101-299", () => {
  const req = request("<sip:bob@example.com>", "Record-Route: <sip:p.example.com;lr>\r\n");
  const names = (status: number) => createResponse(req, status, { toTag: "t" }).headers.map((h) => h.name);
  expect(names(302)).toEqual(["via", "from", "to", "call-id", "cseq"]);
  expect(names(180)).toEqual(["via", "from", "to", "call-id", "cseq", "record-route"]);
});

test("the To tag is added when To has none after its URI, never twice, and not on 100", () => {
  const to = (value: string, status = 302) =>
    createResponse(request(value), status, { toTag: "t1" }).get("to");
  expect(to("<sip:bob@example.com>")).toBe("<sip:bob@example.com>;tag=t1");
  expect(to("<sip:bob@example.com;tag=x>")).toBe("<sip:bob@example.com;tag=x>;tag=t1");
  expect(to("<sip:bob@example.com> ; TAG = abc")).toBe("<sip:bob@example.com> ; TAG = abc");
  expect(to("<sip:bob@example.com>;tagx=1")).toBe("<sip:bob@example.com>;tagx=1;tag=t1");
  expect(to("sip:bob@example.com;tag=abc")).toBe("sip:bob@example.com;tag=abc");
  expect(to("<sip:bob@example.com>", 100)).toBe("<sip:bob@example.com>");
});

test("extra headers and a body are applied; a reason overrides the standard phrase", () => {
  const res = createResponse(request("<sip:bob@example.com>"), 486, {
    toTag: "t",
    reason: "Busy Now",
    headers: [["Retry-After", "30"]],
    body: "x",
    contentType: "text/plain",
  });
  expect(res.reason).toBe("Busy Now");
  expect(res.get("retry-after")).toBe("30");
  expect(res.get("content-type")).toBe("text/plain");
  expect(res.body.toString()).toBe("x");
  expect(createResponse(request("<sip:b@x>"), 302, { reason: undefined }).reason).toBe("Moved Temporarily");
});
