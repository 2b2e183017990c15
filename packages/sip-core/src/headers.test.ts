import { SipParseError } from "./errors.js";
import { type SipMessage, SipRequest } from "./message.js";
import { parseMessage } from "./parser.js";
import { formatUri, tryParseUri } from "./uri.js";

function request(headerLines: string[]): SipRequest {
  const text = ["OPTIONS sip:edge.example.com SIP/2.0", ...headerLines, "Content-Length: 0", "", ""].join(
    "\r\n",
  );
  const m = parseMessage(Buffer.from(text, "latin1"));
  if (!(m instanceof SipRequest)) throw new Error(`not a request: ${String(m)}`);
  return m;
}

const BASE = [
  'From: "A, B" <sip:a@example.com>;tag=1',
  "To: <sip:b@example.com>",
  "Call-ID: c1",
  "CSeq: 1 OPTIONS",
];

/** Everything the typed accessors give for the list headers, as plain data. */
function typed(m: SipMessage) {
  const na = (x: (typeof m.contact)[number]) => ({
    star: x.star,
    displayName: x.displayName,
    uri: x.star ? null : formatUri(x.uri),
    params: [...x.params],
    raw: x.raw,
    text: x.toString(),
  });
  return {
    via: m.via.map((v) => ({
      transport: v.transport,
      host: v.host,
      port: v.port,
      params: [...v.params],
      raw: v.raw,
    })),
    contact: m.contact.map(na),
    route: m.route.map(na),
    recordRoute: m.recordRoute.map(na),
  };
}

test("comma lists type exactly as one value per line (quotes and < > keep their commas)", () => {
  const vias = [
    "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport",
    'SIP / 2.0 / tcp [2001:db8::1] : 5070 ;branch=z9hG4bK2;x="a, b"',
    "SIP/2.0/UDP host.example.com;received=192.0.2.9",
  ];
  const contacts = [
    '"Last, First" <sip:u,v@192.0.2.2;transport=tcp?h=a,b>;q=0.5',
    "sip:plain@192.0.2.3;expires=60",
    "sip:bare@192.0.2.5",
    "Bob <sip:bob@192.0.2.4>",
  ];
  const routes = ["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr;ftag=x>"];
  const perLine = request([
    ...vias.map((v) => `Via: ${v}`),
    ...BASE,
    ...contacts.map((c) => `Contact: ${c}`),
    ...routes.map((r) => `Route: ${r}`),
    ...routes.map((r) => `Record-Route: ${r}`),
  ]);
  const oneLine = request([
    `Via: ${vias.join(" ,  ")}`,
    ...BASE,
    `Contact: ${contacts.join(",")}`,
    `Route: ${routes.join(" , ")}`,
    `Record-Route: ${routes[0]},\r\n ${routes[1]}`,
  ]);
  const a = typed(perLine);
  expect(a.via).toHaveLength(3);
  expect(a.contact).toHaveLength(4);
  expect(a.contact[0]).toMatchObject({
    displayName: "Last, First",
    uri: "sip:u,v@192.0.2.2;transport=tcp?h=a,b",
  });
  expect(a.via[1]).toMatchObject({ transport: "TCP", host: "[2001:db8::1]", port: 5070 });
  expect(typed(oneLine)).toEqual(a);
});

test("Contact: * alone is the star; a star inside a list is one element of it", () => {
  expect(request([...BASE, "Contact: *"]).contact.map((c) => c.star)).toEqual([true]);
  expect(request([...BASE, "Contact: * , <sip:x@y>"]).contact.map((c) => c.star)).toEqual([true, false]);
});

test("a bad element anywhere in a comma list is a typed error naming the header", () => {
  const cases: Array<[string, keyof SipMessage]> = [
    ["Via: SIP/2.0/UDP a;branch=z9hG4bK1,", "via"],
    ["Via: SIP/2.0/UDP a;branch=z9hG4bK1, nonsense", "via"],
    ["Contact: <sip:a@b>, ", "contact"],
    ["Contact: <sip:a@b>, <sip:c@d", "contact"],
    ["Contact: <sip:a@b> <sip:c@d>", "contact"],
    ["Route: <sip:a@b>,,<sip:c@d>", "route"],
  ];
  for (const [line, key] of cases) {
    const m = request([...BASE, line]);
    let err: unknown;
    try {
      void m[key];
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SipParseError);
    expect((err as SipParseError).header).toBe(key);
  }
});

test("display names are decoded when read, and can be replaced", () => {
  const m = request([
    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1",
    'From: "Zo\\"e \xc3\xa9" <sip:a@example.com>;tag=1',
    "To: Plain   Token  Name <sip:b@example.com>",
    "Call-ID: c1",
    "CSeq: 1 OPTIONS",
    "Contact: <sip:c@example.com>",
  ]);
  expect(m.from.displayName).toBe('Zo"e é');
  expect(m.to.displayName).toBe("Plain Token Name");
  expect(m.contact[0]?.displayName).toBeNull();
  const to = m.to;
  to.displayName = "New";
  expect(to.displayName).toBe("New");
  // unchanged fields keep the received bytes; a changed tag rebuilds from the fields
  expect(to.toString()).toBe("Plain   Token  Name <sip:b@example.com>");
  to.tag = "t2";
  expect(to.toString()).toBe('"New" <sip:b@example.com>;tag=t2');
});

test("CSeq and Content-Type are read in place, folded or spaced", () => {
  const m = request([
    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1",
    ...BASE.slice(0, 3),
    "CSeq: 00042\r\n  OPTIONS",
    "Content-Type: Application / SDP ; charset=utf-8",
  ]);
  expect(m.cseq).toEqual({ seq: 42, method: "OPTIONS" });
  expect(m.contentType?.type).toBe("application/sdp");
  expect([...m.contentType!.params]).toEqual([["charset", "utf-8"]]);
  const bad = request([...BASE.slice(0, 3), "CSeq: 99999999999 OPTIONS"]);
  expect(() => bad.cseq).toThrow(SipParseError);
});

test("the one-pass URI scanner rejects illegal characters in every part", () => {
  for (const s of [
    "sip:us er@example.com",
    "sip:user\x7f@example.com",
    "sip:user@exa mple.com",
    "sip:user@example.com;tr\x01ansport=udp",
    'sip:user@example.com;a="b"',
    "sip:user@example.com?h=a b",
    "sip:user@example.com:50 60",
    "sip:user@[::1]x",
  ]) {
    expect(tryParseUri(s)).toBeNull();
  }
  expect(tryParseUri("sip:user:pw@[2001:db8::1]:5060;Transport=TCP;lr?subject=a%20b&x=y")).toMatchObject({
    user: "user",
    password: "pw",
    host: "[2001:db8::1]",
    port: 5060,
  });
});
