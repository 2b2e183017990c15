import { userOf } from "./build.js";

test("userOf reads the user part of sip, sips and tel URIs, bare or in a name-addr", () => {
  expect(userOf("sip:+15550001000@127.0.0.1:15898")).toBe("+15550001000");
  expect(userOf("SIPS:bob@example.com;transport=tcp")).toBe("bob");
  expect(userOf("tel:+1555;phone-context=example.com")).toBe("+1555");
  expect(userOf('"A <b>" <sip:alice@x>;tag=1')).toBe("alice");
  expect(userOf("<sip:abc?subject=x>")).toBe("abc");
  expect(userOf("sip:a>b")).toBe("a");
});

test("userOf is undefined without a user part or for other schemes", () => {
  for (const u of ["", "sip:", "sip:@x", "<>", "mailto:x@y", "sipx:a@b", "te:1", "sip"]) {
    expect(userOf(u)).toBeUndefined();
  }
});
