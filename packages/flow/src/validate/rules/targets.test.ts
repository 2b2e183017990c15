import { flow, runRule, start } from "../../testing/flows.js";
import { targets } from "./targets.js";

const fwd = (uri: string, fallback?: string) =>
  flow(
    { start: start("f"), f: { type: "forward", mode: "redirect", targets: [{ uri }] } },
    fallback ? { fallback: { type: "forward", uri: fallback } } : undefined,
  );

test("a bare number, a malformed URI and a non-SIP scheme are not targets", () => {
  for (const uri of ["5551234", "sip:", "sip:alice@", "http://example.com", "+0123", "sip:a@host:99999"]) {
    expect(runRule(targets, fwd(uri))).toEqual([
      expect.objectContaining({ code: "invalid_target", path: ["nodes", "f", "targets", 0, "uri"] }),
    ]);
  }
  expect(runRule(targets, fwd("+15551234567", "nope")).map((i) => i.path.join("."))).toEqual([
    "settings.fallback.uri",
  ]);
});

test("SIP URIs and E.164 numbers pass", () => {
  for (const uri of [
    "+15551234567",
    "sip:alice@127.0.0.1:5070",
    "sips:bob@example.com;transport=tls",
    "sip:[::1]:5060",
    "sip:pbx.example.com",
  ]) {
    expect(runRule(targets, fwd(uri))).toEqual([]);
  }
});
