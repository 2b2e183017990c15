import { SipRequest, SipResponse } from "@ringflow/sip-core";
import { newBranch, newTag, summary, uniqueId } from "./build.js";

test("identifiers are unique and tags and branches carry their RFC 3261 shapes", () => {
  const ids = new Set(Array.from({ length: 1000 }, () => uniqueId()));
  expect(ids.size).toBe(1000);
  expect(newBranch()).toMatch(/^z9hG4bK/);
  expect(newTag()).toMatch(/^rf[0-9a-z]+$/);
});

test("summary labels a request by method and a response by status and reason", () => {
  expect(summary(new SipRequest("INVITE", "sip:a@b"))).toBe("INVITE");
  expect(summary(new SipResponse(302, "Moved Temporarily"))).toBe("302 Moved Temporarily");
});
