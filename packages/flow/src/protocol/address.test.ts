import { e164Of, partyOf, userOf } from "./address.js";

test("userOf reads the user part of sip, sips and tel URIs and name-addrs", () => {
  expect(userOf("sip:+15550100@127.0.0.1:5060")).toBe("+15550100");
  expect(userOf('"Front desk" <sip:+15550100@edge;transport=udp>;tag=abc')).toBe("+15550100");
  expect(userOf("<SIPS:bob@example.com>")).toBe("bob");
  expect(userOf("<tel:+1-555-0100;phone-context=x>")).toBe("+1-555-0100");
  expect(userOf("sip:alice;x=1@h")).toBe("alice;x=1");
  expect(userOf("sip:alice:secret@h")).toBe("alice");
  expect(e164Of("sip:+15550100;phone-context=x@h;user=phone")).toBe("+15550100");
  expect(userOf("sip:example.com")).toBeUndefined();
  expect(userOf("mailto:x@y")).toBeUndefined();
  for (const u of ["", "sip:", "sip:@x", "<>", "mailto:x@y", "sipx:a@b", "te:1", "sip", "sip:host.example"])
    expect(userOf(u)).toBeUndefined();
});

test("%-escapes are decoded where valid and kept where not, never thrown (item 7)", () => {
  expect(userOf("sip:%2B15550100@h")).toBe("+15550100");
  expect(userOf("sip:alice%FF@h")).toBe("alice%FF");
  expect(userOf("sip:al%20ice%FF%41@h")).toBe("al ice%FFA");
  expect(userOf("sip:%E2%82%AC@h")).toBe("€");
  expect(() => userOf("sip:%@h")).not.toThrow();
  expect(e164Of("sip:%2B1555%FF@h")).toBeUndefined();
});

test("e164Of drops visual separators and adds + to bare digits", () => {
  expect(e164Of("<tel:+1-555-0100>")).toBe("+15550100");
  expect(e164Of("sip:15550100@h")).toBe("+15550100");
  expect(e164Of("sip:+1(555)0100@h")).toBe("+15550100");
  expect(e164Of("sip:alice@h")).toBeUndefined();
  expect(e164Of("sip:+0123@h")).toBeUndefined();
  expect(e164Of("sip:+1234567890123456@h")).toBeUndefined();
});

test("one reading for routing, fallbacks and conditions: sip:15550100 and sip:+15550100 are the same party", () => {
  expect(partyOf("sip:15550100@h")).toBe(partyOf("<sip:+15550100@other>;tag=1"));
  expect(partyOf("sip:reception@h")).toBe("reception");
  expect(partyOf("anonymous")).toBe("anonymous");
});
