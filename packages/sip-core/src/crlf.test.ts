import { SipParseError } from "./errors.js";
import { parseMessage } from "./parser.js";

// RFC 3261 §7.3.1: CR and LF appear in a header only as CRLF (a line end or a fold). A value with
// a CR or LF alone (a Call-ID "abc\rdef") is refused with 400, never accepted and echoed (item 6).

const invite = (callId: string) =>
  Buffer.from(
    "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK-1\r\nFrom: <sip:a@b>;tag=1\r\n" +
      `To: <sip:b@c>\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
  );

test.each([
  ["a bare CR", "abc\rdef"],
  ["a bare LF", "abc\ndef"],
])("a Call-ID with %s is a 400", (_what, callId) => {
  const m = parseMessage(invite(callId));
  expect(m).toBeInstanceOf(SipParseError);
  expect((m as SipParseError).status).toBe(400);
  expect((m as SipParseError).code).toBe("header_syntax");
});

test("folded values (CRLF then SP) stay valid", () => {
  const text = invite("fold-1").toString("latin1").replace("To: <sip:b@c>", "To:\r\n <sip:b@c>");
  const m = parseMessage(Buffer.from(text, "latin1"));
  expect(m).not.toBeInstanceOf(SipParseError);
});
