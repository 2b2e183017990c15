// RFC 4475 (SIP Torture Test Messages): all 49 messages, byte for byte from the RFC's
// Appendix A archive (test/rfc4475/*.dat), each with the exact outcome the edge gives it.
//
// Outcomes are for the edge's default policy (a call-routing B2BUA: INVITE, ACK, BYE,
// CANCEL, OPTIONS, INFO, UPDATE, REFER, NOTIFY, MESSAGE; no REGISTER, so the REGISTER
// cases get 405; those are also checked with a registrar policy that allows REGISTER).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_POLICY,
  type Inspection,
  inspect,
  parseMessage,
  type SipMessage,
  SipParseError,
  type SipRequest,
  type SipResponse,
  StreamFramer,
  unescapeUri,
  uriEquals,
  validateMessage,
} from "../src/index.js";

const dir = join(process.cwd(), "packages/sip-core/test/rfc4475");
const load = (f: string) => readFileSync(join(dir, `${f}.dat`));
const REGISTRAR = { ...DEFAULT_POLICY, allow: [...DEFAULT_POLICY.allow, "REGISTER"] };

type Expect = Omit<Inspection, "reason">;
const ok: Expect = { parsed: true, action: "accept", status: null, error: null };
const bad = (status: number | null, error: string, parsed = false): Expect => ({
  parsed,
  action: status === null ? "drop" : "respond",
  status,
  error: error as Inspection["error"],
});
const r405 = bad(405, "method_not_allowed", true);

interface Case {
  section: string;
  file: string;
  title: string;
  expect: Expect;
  /** Outcome when REGISTER is allowed (registrar policy). */
  registrar?: Expect;
  /** Further checks on the parsed message. */
  check?: (m: SipMessage) => void;
}

const req = (m: SipMessage) => m as SipRequest;
const res = (m: SipMessage) => m as SipResponse;

const CASES: Case[] = [
  // 3.1.1 valid messages
  {
    section: "3.1.1.1",
    file: "wsinv",
    title: "A Short Tortuous INVITE",
    expect: ok,
    check: (m) => {
      const r = req(m);
      expect(r.to.tag).toBe("1918181833n");
      expect(r.from.displayName).toBe('J Rosenberg \\"');
      expect(r.from.tag).toBe("98asjd8");
      expect(r.maxForwards).toBe(68);
      expect(r.cseq).toEqual({ seq: 9, method: "INVITE" });
      expect(r.via.map((v) => [v.transport, v.host, v.branch])).toEqual([
        ["UDP", "192.0.2.2", "390skdjuw"],
        ["TCP", "spindle.example.com", "z9hG4bK9ikj8"],
        ["UDP", "192.168.255.111", "z9hG4bK30239"],
      ]);
      expect(r.contact[0]?.q).toBe(0.33);
      expect(r.contact[0]?.params.get("newparam")).toBe("newvalue");
      expect(r.get("UnknownHeaderWithUnusualValue")).toBe(";;,,;;,;");
      expect(r.get("NewFangledHeader")).toBe("newfangled value continued newfangled value");
      expect(r.get("subject")).toBe("");
      expect(r.body.length).toBe(150);
    },
  },
  {
    section: "3.1.1.2",
    file: "intmeth",
    title: "Wide Range of Valid Characters",
    expect: bad(501, "method_unknown", true),
    check: (m) => {
      const r = req(m);
      expect(r.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
      const u = r.requestUri;
      expect(u.kind === "sip" && u.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
      expect(u.kind === "sip" && u.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
      expect(r.from.tag).toBe("_token~1'+`*%!-.");
      expect(r.from.displayName).toBe("token1~` token2'+_ token3*%!.-");
      expect(validateMessage(r)).toBeNull();
    },
  },
  {
    section: "3.1.1.3",
    file: "esc01",
    title: "Valid Use of the % Escaping Mechanism",
    expect: ok,
    check: (m) => {
      const r = req(m);
      const u = r.requestUri;
      expect(u.kind === "sip" && unescapeUri(u.user!)).toBe("sips:user@example.com");
      const to = r.to.uri;
      expect(uriEquals(to, { ...(to as object), user: "user" } as typeof to)).toBe(true);
      const c = r.contact[0]!.uri;
      expect(c.kind === "sip" && c.params.has("lr")).toBe(true);
      expect(c.kind === "sip" && unescapeUri(c.params.get("name")!)).toBe("value%41");
    },
  },
  {
    section: "3.1.1.4",
    file: "escnull",
    title: "Escaped Nulls in URIs",
    expect: r405,
    registrar: ok,
    check: (m) => {
      const r = req(m);
      const [a, b] = r.contact.map((c) => c.uri);
      expect(a?.kind === "sip" && unescapeUri(a.user!)).toBe("\0");
      expect(b?.kind === "sip" && unescapeUri(b.user!)).toBe("\0\0");
      expect(uriEquals(a!, b!)).toBe(false);
    },
  },
  {
    section: "3.1.1.5",
    file: "esc02",
    title: "Use of % When It Is Not an Escape",
    expect: bad(501, "method_unknown", true),
    check: (m) => {
      const r = req(m);
      expect(r.method).toBe("RE%47IST%45R");
      expect(r.to.displayName).toBe("%Z%45");
      expect(r.topVia?.branch).toBe("z9hG4bK209%fzsnel234");
      expect(r.contact).toHaveLength(2); // C%6Fntact is an unknown header, not Contact
      expect(r.get("C%6Fntact")).toBe("<sip:alias2@host2.example.com>");
    },
  },
  {
    section: "3.1.1.6",
    file: "lwsdisp",
    title: "Message with No LWS between Display Name and <",
    expect: ok,
    check: (m) => expect(req(m).from.displayName).toBe("caller"),
  },
  {
    section: "3.1.1.7",
    file: "longreq",
    title: "Long Values in Header Fields",
    expect: ok,
    check: (m) => {
      const r = req(m);
      expect(r.via.length).toBeGreaterThan(30);
      expect(r.from.tag!.length).toBeGreaterThan(50);
      expect(r.to.displayName!.length).toBeGreaterThan(50);
      const to = r.to.uri;
      expect(to.kind === "sip" && to.port).toBe(6000);
    },
  },
  {
    section: "3.1.1.8",
    file: "dblreq",
    title: "Extra Trailing Octets in a UDP Datagram",
    expect: r405,
    registrar: ok,
    check: (m) => {
      expect(req(m).method).toBe("REGISTER");
      expect(m.body.length).toBe(0);
      expect(m.toString()).not.toContain("INVITE");
    },
  },
  {
    section: "3.1.1.9",
    file: "semiuri",
    title: "Semicolon-Separated Parameters in URI User Part",
    expect: ok,
    check: (m) => {
      const u = req(m).requestUri;
      expect(u.kind === "sip" && u.user).toBe("user;par=u%40example.net");
      expect(u.kind === "sip" && u.host).toBe("example.com");
    },
  },
  {
    section: "3.1.1.10",
    file: "transports",
    title: "Varied and Unknown Transport Types",
    expect: ok,
    check: (m) => expect(m.via.map((v) => v.transport)).toEqual(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"]),
  },
  {
    section: "3.1.1.11",
    file: "mpart01",
    title: "Multipart MIME Message",
    expect: ok,
    check: (m) => {
      expect(m.contentType?.type).toBe("multipart/mixed");
      expect(m.body.length).toBe(m.contentLength);
      expect(m.body.includes(0)).toBe(true);
    },
  },
  {
    section: "3.1.1.12",
    file: "unreason",
    title: "Unusual Reason Phrase",
    expect: ok,
    check: (m) => {
      expect(res(m).status).toBe(200);
      expect(res(m).reason).toContain("= 2**3 * 5**2 но сто девяносто девять");
    },
  },
  {
    section: "3.1.1.13",
    file: "noreason",
    title: "Empty Reason Phrase",
    expect: ok,
    check: (m) => {
      expect(res(m).status).toBe(100);
      expect(res(m).reason).toBe("");
    },
  },
  // 3.1.2 invalid messages
  {
    section: "3.1.2.1",
    file: "badinv01",
    title: "Extraneous Header Field Separators",
    expect: bad(400, "header_value"),
  },
  {
    section: "3.1.2.2",
    file: "clerr",
    title: "Content Length Larger Than Message",
    expect: bad(400, "body_truncated"),
  },
  { section: "3.1.2.3", file: "ncl", title: "Negative Content-Length", expect: bad(400, "content_length") },
  {
    section: "3.1.2.4",
    file: "scalar02",
    title: "Request Scalar Fields with Overlarge Values",
    expect: bad(400, "header_value"),
  },
  {
    section: "3.1.2.5",
    file: "scalarlg",
    title: "Response Scalar Fields with Overlarge Values",
    expect: bad(null, "header_value"),
  },
  {
    section: "3.1.2.6",
    file: "quotbal",
    title: "Unterminated Quoted String in Display Name",
    expect: bad(400, "header_value"),
  },
  {
    section: "3.1.2.7",
    file: "ltgtruri",
    title: "<> Enclosing Request-URI",
    expect: bad(400, "request_uri"),
  },
  {
    section: "3.1.2.8",
    file: "lwsruri",
    title: "Malformed SIP Request-URI (embedded LWS)",
    expect: bad(400, "request_uri"),
  },
  {
    section: "3.1.2.9",
    file: "lwsstart",
    title: "Multiple SP Separating Request-Line Elements",
    expect: bad(400, "start_line"),
  },
  {
    section: "3.1.2.10",
    file: "trws",
    title: "SP Characters at End of Request-Line",
    expect: bad(400, "start_line"),
  },
  {
    section: "3.1.2.11",
    file: "escruri",
    title: "Escaped Headers in SIP Request-URI",
    expect: bad(400, "request_uri"),
  },
  {
    section: "3.1.2.12",
    file: "baddate",
    title: "Invalid Time Zone in Date Header Field",
    // "an element shouldn't do that unless the contents of the Date header field were
    // actually important to its processing": the edge never reads Date
    expect: ok,
  },
  {
    section: "3.1.2.13",
    file: "regbadct",
    title: "Failure to Enclose name-addr URI in <>",
    expect: bad(400, "header_value"),
  },
  {
    section: "3.1.2.14",
    file: "badaspec",
    title: "Spaces within addr-spec",
    expect: bad(400, "header_value"),
  },
  {
    section: "3.1.2.15",
    file: "baddn",
    title: "Non-token Characters in Display Name",
    expect: bad(400, "header_value"),
  },
  { section: "3.1.2.16", file: "badvers", title: "Unknown Protocol Version", expect: bad(505, "version") },
  {
    section: "3.1.2.17",
    file: "mismatch01",
    title: "Start Line and CSeq Method Mismatch",
    expect: bad(400, "cseq_mismatch"),
  },
  {
    section: "3.1.2.18",
    file: "mismatch02",
    title: "Unknown Method with CSeq Method Mismatch",
    expect: bad(501, "method_unknown", true),
  },
  { section: "3.1.2.19", file: "bigcode", title: "Overlarge Response Code", expect: bad(null, "start_line") },
  // 3.2 transaction layer semantics
  {
    section: "3.2.1",
    file: "badbranch",
    title: "Missing Transaction Identifier",
    // accepted; server matching falls back to RFC 2543 rules (branch is just the cookie)
    expect: ok,
    check: (m) => expect(m.topVia?.isRfc3261).toBe(false),
  },
  // 3.3 application-layer semantics
  {
    section: "3.3.1",
    file: "insuf",
    title: "Missing Required Header Fields",
    expect: bad(400, "header_missing"),
  },
  {
    section: "3.3.2",
    file: "unkscm",
    title: "Request-URI with Unknown Scheme",
    expect: bad(416, "uri_scheme", true),
  },
  {
    section: "3.3.3",
    file: "novelsc",
    title: "Request-URI with Known but Atypical Scheme",
    expect: bad(416, "uri_scheme", true),
  },
  {
    section: "3.3.4",
    file: "unksm2",
    title: "Unknown URI Schemes in Header Fields",
    expect: r405,
    registrar: ok,
    check: (m) => {
      expect(m.to.uri).toEqual({ kind: "absolute", scheme: "isbn", opaque: "2983792873" });
      expect(m.from.uri.scheme).toBe("http");
      expect(m.contact[0]?.uri.scheme).toBe("name");
    },
  },
  {
    section: "3.3.5",
    file: "bext01",
    title: "Proxy-Require and Require",
    expect: bad(420, "bad_extension", true),
  },
  { section: "3.3.6", file: "invut", title: "Unknown Content-Type", expect: bad(415, "media_type", true) },
  { section: "3.3.7", file: "regaut01", title: "Unknown Authorization Scheme", expect: r405, registrar: ok },
  {
    section: "3.3.8",
    file: "multi01",
    title: "Multiple Values in Single Value Required Fields",
    expect: bad(400, "header_duplicate"),
  },
  {
    section: "3.3.9",
    file: "mcl01",
    title: "Multiple Content-Length Values",
    expect: bad(400, "content_length"),
  },
  {
    section: "3.3.10",
    file: "bcast",
    title: "200 OK Response with Broadcast Via Header Field Value",
    expect: ok,
  },
  {
    section: "3.3.11",
    file: "zeromf",
    title: "Max-Forwards of Zero",
    // an endpoint processes it; only requests the edge forwards (INVITE) get 483
    expect: ok,
    check: (m) => expect(m.maxForwards).toBe(0),
  },
  {
    section: "3.3.12",
    file: "cparam01",
    title: "REGISTER with a Contact Header Parameter",
    expect: r405,
    registrar: ok,
  },
  {
    section: "3.3.13",
    file: "cparam02",
    title: "REGISTER with a url-parameter",
    expect: r405,
    registrar: ok,
  },
  {
    section: "3.3.14",
    file: "regescrt",
    title: "REGISTER with a URL Escaped Header",
    expect: r405,
    registrar: ok,
  },
  {
    section: "3.3.15",
    file: "sdp01",
    title: "Unacceptable Accept Offering",
    expect: bad(406, "not_acceptable", true),
  },
  // 3.4 backward compatibility
  {
    section: "3.4.1",
    file: "inv2543",
    title: "INVITE with RFC 2543 Syntax",
    expect: ok,
    check: (m) => {
      expect(m.maxForwards).toBeNull();
      expect(m.topVia?.branch).toBeNull();
      expect(m.body.length).toBeGreaterThan(0);
    },
  },
];

test("the corpus has all 49 RFC 4475 messages", () => {
  expect(CASES).toHaveLength(49);
  expect(new Set(CASES.map((c) => c.file)).size).toBe(49);
});

describe.each(CASES)("RFC 4475 §$section $file: $title", (c) => {
  test(`outcome: ${c.expect.action}${c.expect.status ? ` ${c.expect.status}` : ""}`, () => {
    const { reason: _r, ...got } = inspect(load(c.file), { transport: "udp" });
    expect(got).toEqual(c.expect);
  });
  if (c.registrar) {
    test("with REGISTER allowed: accepted", () => {
      const { reason: _r, ...got } = inspect(load(c.file), { transport: "udp", policy: REGISTRAR });
      expect(got).toEqual(c.registrar);
    });
  }
  if (c.check) {
    test("parsed fields", () => {
      const m = parseMessage(load(c.file));
      if (m instanceof SipParseError) throw m;
      c.check!(m);
    });
  }
  if (c.expect.parsed) {
    test("serialize then parse again is stable", () => {
      const m = parseMessage(load(c.file));
      if (m instanceof SipParseError) throw m;
      const once = m.toBuffer();
      const again = parseMessage(once);
      if (again instanceof SipParseError) throw again;
      expect(again.toBuffer().equals(once)).toBe(true);
    });
  }
});

describe("RFC 4475 framing cases over TCP", () => {
  const frames = (f: string) => new StreamFramer().push(load(f));

  test("§3.1.2.2 clerr: 'there's not much the receiving party could do but wait for more data'", () => {
    const out = frames("clerr");
    expect(out).toEqual([]);
  });

  test("§3.1.2.3 ncl: 'the framing error is not recoverable, and the connection should be closed'", () => {
    const out = frames("ncl");
    expect(out.map((f) => f.kind)).toEqual(["fatal"]);
    const f = out[0]!;
    expect(f.kind === "fatal" && f.error.code).toBe("content_length");
    expect(f.kind === "fatal" && f.error.status).toBe(400);
  });

  test("§3.3.9 mcl01: multiple Content-Length values close the connection", () => {
    expect(frames("mcl01").map((f) => f.kind)).toEqual(["fatal"]);
  });

  test("§3.1.1.8 dblreq over a stream: Content-Length 0 ends the REGISTER; what follows is the next message", () => {
    const first = frames("dblreq")[0]!;
    expect(first.kind).toBe("message");
    const m = first.kind === "message" ? first.parsed : null;
    expect(m instanceof SipParseError).toBe(false);
    expect((m as SipRequest).method).toBe("REGISTER");
    expect((m as SipRequest).body.length).toBe(0);
  });

  test("inspect --transport tcp: a truncated body is incomplete, not answerable", () => {
    const r = inspect(load("clerr"), { transport: "tcp" });
    expect(r).toMatchObject({ parsed: false, action: "drop", error: "body_truncated" });
  });
});
