import { party } from "./CallsPanel.js";

test("party reads the number out of From/To headers and URIs", () => {
  expect(party('"Demo caller" <sip:+15550199@127.0.0.1:45349>;tag=30SIPpTag01')).toBe("+15550199");
  expect(party("sip:alice@example.com")).toBe("alice");
  expect(party("+15550100")).toBe("+15550100");
});
