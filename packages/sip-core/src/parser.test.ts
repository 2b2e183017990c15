import { INVITE, OK200 } from "../test/fixtures.js";
import { SipParseError } from "./errors.js";
import { SipRequest, SipResponse } from "./message.js";
import { parseMessage } from "./parser.js";
import { validateMessage } from "./validate.js";

function parse(text: string | Buffer, framing?: "datagram" | "stream") {
  return parseMessage(typeof text === "string" ? Buffer.from(text, "latin1") : text, { framing });
}

function req(text: string | Buffer): SipRequest {
  const m = parse(text);
  if (!(m instanceof SipRequest)) throw new Error(`not a request: ${String(m)}`);
  return m;
}

test("parses an INVITE and types every hot header", () => {
  const m = req(INVITE);
  expect(validateMessage(m)).toBeNull();
  expect(m.method).toBe("INVITE");
  expect(m.requestUri).toMatchObject({ kind: "sip", user: "+15551234567", host: "edge.example.com" });
  expect(m.via).toHaveLength(2);
  expect(m.topVia?.branch).toBe("z9hG4bK776asdhds");
  expect(m.topVia?.rport).toBe(true);
  expect(m.via[1]?.received).toBe("198.51.100.7");
  expect(m.from.displayName).toBe("Alice Caller");
  expect(m.from.tag).toBe("1928301774");
  expect(m.to.tag).toBeNull();
  expect(m.callId).toBe("a84b4c76e66710@pc33.carrier.example.net");
  expect(m.cseq).toEqual({ seq: 314159, method: "INVITE" });
  expect(m.maxForwards).toBe(69);
  expect(m.contact[0]?.uri).toMatchObject({ host: "192.0.2.10", port: 5060 });
  expect(m.recordRoute[0]?.uri).toMatchObject({ host: "198.51.100.7" });
  expect(m.recordRoute[0]?.uri.kind === "sip" && m.recordRoute[0].uri.params.has("lr")).toBe(true);
  expect(m.contentType?.type).toBe("application/sdp");
  expect(m.contentLength).toBe(m.body.length);
  expect(m.body.toString()).toContain("m=audio 49170");
  expect(m.getList("supported")).toEqual(["timer", "replaces"]);
});

test("serializing an unmodified message gives back the same bytes", () => {
  expect(req(INVITE).toBuffer().equals(INVITE)).toBe(true);
  const r = parse(OK200) as SipResponse;
  expect(r).toBeInstanceOf(SipResponse);
  expect(r.toBuffer().equals(OK200)).toBe(true);
});

test("parse of serialize is stable after edits", () => {
  const m = req(INVITE);
  m.set("Max-Forwards", "68");
  m.add("X-Ringflow", "1");
  m.topVia!.setParam("received", "10.0.0.1");
  m.commitVia();
  const again = req(m.toBuffer());
  expect(again.toBuffer().equals(m.toBuffer())).toBe(true);
  expect(again.maxForwards).toBe(68);
  expect(again.topVia?.received).toBe("10.0.0.1");
  expect(again.get("x-ringflow")).toBe("1");
});

test("compact forms and odd spacing resolve to the long names", () => {
  const m = req(
    "OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/TCP h;branch=z9hG4bK1\r\nf: <sip:x@y>;tag=1\r\nt: sip:a@b\r\ni: c1\r\nCSEQ : 1 OPTIONS\r\nl: 0\r\n\r\n",
  );
  expect(validateMessage(m)).toBeNull();
  expect(m.get("Call-ID")).toBe("c1");
  expect(m.topVia?.transport).toBe("TCP");
  expect(m.cseq.seq).toBe(1);
});

test("header values keep non-ASCII octets; the reason phrase is decoded from UTF-8", () => {
  const bytes = Buffer.concat([
    Buffer.from("SIP/2.0 180 Sonne \xe2\x98\x80\r\nX-Bin: ", "latin1"),
    Buffer.from([0xff, 0xfe, 0x80]),
    Buffer.from("\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n"),
  ]);
  const r = parse(bytes) as SipResponse;
  expect(r.reason).toBe("Sonne ☀");
  expect(Buffer.from(r.get("x-bin")!, "latin1")).toEqual(Buffer.from([0xff, 0xfe, 0x80]));
  expect(r.toBuffer().equals(bytes)).toBe(true);
});

test("datagram framing: Content-Length truncates, a larger one is an error, absent means the rest", () => {
  const base = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n";
  const m1 = req(`${base}Content-Length: 3\r\n\r\nabcdef`);
  expect(m1.body.toString()).toBe("abc");
  const e = parse(`${base}Content-Length: 30\r\n\r\nabc`);
  expect(e).toBeInstanceOf(SipParseError);
  expect((e as SipParseError).code).toBe("body_truncated");
  expect((e as SipParseError).status).toBe(400);
  expect(req(`${base}\r\nhello`).body.toString()).toBe("hello");
});

test("stream framing requires Content-Length", () => {
  const e = parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n", "stream");
  expect((e as SipParseError).code).toBe("content_length");
});

test("bad responses are dropped (status null) and bad requests are answerable", () => {
  const r = parse("SIP/2.0 99 Odd\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n") as SipParseError;
  expect(r.code).toBe("start_line");
  expect(r.status).toBeNull();
  const q = parse("INVITE  sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n") as SipParseError;
  expect(q.status).toBe(400);
  expect(q.partial?.headers).toHaveLength(1);
  const v = parse("INVITE sip:a@b SIP/3.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n") as SipParseError;
  expect(v.status).toBe(505);
});

test("a request whose Via cannot be read cannot be answered", () => {
  const e = parse("INVITE sip:a@b SIP/2.0\r\nVia: garbage\r\nBad Header\r\n\r\n") as SipParseError;
  expect(e.status).toBeNull();
});

test("garbage and empty input come back as values, not exceptions", () => {
  for (const s of ["", "\r\n\r\n", "hello", "\x00\x01\x02", "SIP/2.0", "A B C\r\n\r\n"]) {
    expect(parse(s)).toBeInstanceOf(SipParseError);
  }
});
