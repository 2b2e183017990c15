import { e164Of, userPart } from "./numbers.js";

test("reads the user part of SIP and tel addresses in their usual spellings", () => {
  expect(userPart("sip:+15550100@127.0.0.1:5060")).toBe("+15550100");
  expect(userPart('"Front desk" <sip:+15550100@edge;transport=udp>;tag=abc')).toBe("+15550100");
  expect(userPart("<tel:+1-555-0100>")).toBe("+1-555-0100");
  expect(userPart("sip:%2B15550100@h")).toBe("+15550100");
  expect(userPart("mailto:x@y")).toBeUndefined();
});

test("normalizes to E.164 or gives up", () => {
  expect(e164Of("<tel:+1-555-0100>")).toBe("+15550100");
  expect(e164Of("sip:15550100@h")).toBe("+15550100");
  expect(e164Of("sip:alice@h")).toBeUndefined();
  expect(e164Of("sip:+0123@h")).toBeUndefined();
});

test("a %-escape that is not UTF-8 (valid SIP) is kept, never thrown (issue item 7)", () => {
  expect(userPart("sip:alice%FF@h")).toBe("alice%FF");
  expect(e164Of('"x" <sip:%FF@h>')).toBeUndefined();
});
