// toBuffer writes straight into one Buffer; these pin its bytes to the plain string
// serialization it replaced (start line, lines as received or `Pretty-Name: value`, one
// Content-Length that matches the body, blank line, body).
import fc from "fast-check";
import { createResponse } from "./builders.js";
import { type SipMessage, SipRequest, SipResponse } from "./message.js";
import { prettyName } from "./names.js";
import { parseMessage } from "./parser.js";

/** The serialization as text, the way it was built before (the reference). */
function reference(m: SipMessage): Buffer {
  let head = `${m.startLine()}\r\n`;
  let sawLength = false;
  const bodyLen = m.body.length;
  for (const h of m.headers) {
    if (h.name === "content-length") {
      if (sawLength) continue;
      sawLength = true;
      const digits = /^0*(\d{1,10})$/.exec(h.value);
      if (h.raw !== null && digits && Number(digits[1]) === bodyLen) head += `${h.raw}\r\n`;
      else head += `Content-Length: ${bodyLen}\r\n`;
      continue;
    }
    head += h.raw !== null ? `${h.raw}\r\n` : `${prettyName(h.name)}: ${h.value}\r\n`;
  }
  if (!sawLength) head += `Content-Length: ${bodyLen}\r\n`;
  head += "\r\n";
  return Buffer.concat([Buffer.from(head, "latin1"), m.body]);
}

function parsed(text: string): SipMessage {
  const m = parseMessage(Buffer.from(text, "latin1"));
  if (m instanceof Error) throw m;
  return m;
}

const FOLDED = [
  "INVITE sip:bob@example.com SIP/2.0",
  "v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKb",
  "VIA:   SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKc  ",
  "f: <sip:alice@example.com>;tag=1",
  "t: <sip:bob@example.com>",
  "i: abc@192.0.2.1",
  "CSeq: 1",
  "  INVITE",
  "Subject: caf\u00e9 \u00ff",
  "l: 004",
  "",
  "body",
].join("\r\n");

test("a received message comes back byte for byte (compact forms, folds, case, latin1, zeros)", () => {
  const m = parsed(FOLDED);
  expect(m.toBuffer().toString("latin1")).toBe(FOLDED);
  expect(m.toBuffer().equals(reference(m))).toBe(true);
});

test("Content-Length: rewritten when wrong, the second one dropped, added when absent", () => {
  const m = parsed(FOLDED);
  m.body = Buffer.from("longer body");
  expect(m.toBuffer().equals(reference(m))).toBe(true);
  expect(m.toBuffer().toString("latin1")).toContain("\r\nContent-Length: 11\r\n\r\nlonger body");

  const two = parsed(FOLDED);
  two.headers.push(two.headers.find((h) => h.name === "content-length")!);
  expect(two.toBuffer().equals(reference(two))).toBe(true);

  const none = parsed(FOLDED);
  none.remove("content-length");
  expect(none.toBuffer().toString("latin1")).toMatch(/\r\nContent-Length: 4\r\n\r\nbody$/);
  expect(none.toBuffer().equals(reference(none))).toBe(true);
});

test("built responses: copied lines, generated lines, UTF-8 Reason-Phrase, body", () => {
  const inv = parsed(FOLDED) as SipRequest;
  const res = createResponse(inv, 302, { toTag: "xyz", headers: [["Contact", "<sip:a@10.0.0.1>;q=0.9"]] });
  res.add("Contact", "<sip:b@10.0.0.2:5070>;q=0.5");
  const bytes = res.toBuffer().toString("latin1");
  expect(bytes.startsWith("SIP/2.0 302 Moved Temporarily\r\nv: SIP/2.0/UDP 192.0.2.1:5060")).toBe(true);
  expect(bytes).toContain("\r\nTo: <sip:bob@example.com>;tag=xyz\r\n");
  expect(res.toBuffer().equals(reference(res))).toBe(true);

  const utf = new SipResponse(486, "Besetzt \u2013 gr\u00fc\u00df");
  utf.add("X-Note", "\u00e9t\u00e9 \u{1f4de}");
  utf.body = Buffer.from("v=0\r\n");
  expect(utf.toBuffer().equals(reference(utf))).toBe(true);
  // the reason changes after a first serialization
  utf.reason = "Busy Here";
  expect(utf.toBuffer().equals(reference(utf))).toBe(true);
});

test("any request built from parts serializes as the reference does", () => {
  const token = fc.stringMatching(/^[A-Za-z0-9.!%*_+`'~-]{1,12}$/);
  const text = fc.string({
    unit: fc.integer({ min: 32, max: 255 }).map((c) => String.fromCharCode(c)),
    maxLength: 40,
  });
  fc.assert(
    fc.property(
      token,
      fc.array(fc.tuple(fc.constantFrom("Via", "To", "Content-Length", "X-A", "Subject", "l"), text), {
        maxLength: 8,
      }),
      fc.uint8Array({ maxLength: 30 }),
      (method, headers, body) => {
        const m = new SipRequest(method, "sip:x@example.com");
        for (const [n, v] of headers) m.add(n, v);
        m.body = Buffer.from(body);
        expect(m.toBuffer().equals(reference(m))).toBe(true);
        const again = parseMessage(m.toBuffer());
        if (!(again instanceof Error)) expect(again.toBuffer().equals(reference(again))).toBe(true);
      },
    ),
    { seed: 12, numRuns: 300 },
  );
});
