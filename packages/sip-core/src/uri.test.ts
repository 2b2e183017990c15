import { formatUri, parseUri, sipUri, tryParseUri, unescapeUri, uriEquals } from "./uri.js";

const eq = (a: string, b: string) => uriEquals(parseUri(a), parseUri(b));

describe("RFC 3261 §19.1.4 URI comparison (the RFC's own examples)", () => {
  test.each([
    ["sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com;security=on"],
    ["sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"],
    [
      "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
      "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
    ],
    [
      "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
      "sip:alice@atlanta.com?priority=urgent&subject=project%20x",
    ],
  ])("equivalent: %s == %s", (a, b) => {
    expect(eq(a, b)).toBe(true);
    expect(eq(b, a)).toBe(true);
  });

  test.each([
    ["SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"],
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"],
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"],
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"],
    ["sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"],
    ["sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"],
    ["sip:alice@atlanta.com", "sips:alice@atlanta.com"],
  ])("not equivalent: %s != %s", (a, b) => {
    expect(eq(a, b)).toBe(false);
    expect(eq(b, a)).toBe(false);
  });
});

test("parses user, password, host, port, params and headers, and formats back identically", () => {
  const s = "sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr?subject=hi&x=%20";
  const u = parseUri(s);
  expect(u).toMatchObject({
    kind: "sip",
    scheme: "sips",
    user: "alice",
    password: "secret",
    host: "[2001:db8::1]",
    port: 5061,
  });
  expect(u.kind === "sip" && [...u.params]).toEqual([
    ["transport", "tcp"],
    ["lr", null],
  ]);
  expect(u.kind === "sip" && u.headers).toEqual([
    ["subject", "hi"],
    ["x", "%20"],
  ]);
  expect(formatUri(u)).toBe(s);
});

test("tel and absolute URIs", () => {
  expect(parseUri("tel:+1-201-555-0123;phone-context=example.com")).toMatchObject({
    kind: "tel",
    number: "+1-201-555-0123",
  });
  expect(eq("tel:+1-201-555-0123", "tel:+12015550123")).toBe(true);
  expect(parseUri("urn:service:sos")).toEqual({ kind: "absolute", scheme: "urn", opaque: "service:sos" });
});

test("unescaping is one step only", () => {
  expect(unescapeUri("a%2541")).toBe("a%41");
  expect(unescapeUri("%Z%45")).toBe("%ZE");
});

test("bad URIs are rejected", () => {
  for (const s of ["sip:", "sip:user@", "sip:a b@c", "sip:host:99999", "nocolon", "sip:<x>", "sip:h;=v"]) {
    expect(tryParseUri(s)).toBeNull();
  }
});

test("sipUri escapes what a user part cannot hold", () => {
  expect(
    formatUri(sipUri({ user: "a b@c", host: "example.com", port: 5080, params: { transport: "tcp" } })),
  ).toBe("sip:a%20b%40c@example.com:5080;transport=tcp");
  expect(formatUri(sipUri({ host: "::1" }))).toBe("sip:[::1]");
});
