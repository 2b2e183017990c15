import { INVITE } from "../test/fixtures.js";
import type { SipRequest } from "./message.js";
import { parseMessage } from "./parser.js";
import { DEFAULT_POLICY, inspect, screen, statelessResponse, verdictResponse } from "./validate.js";

const inv = (edit: (s: string) => string) => Buffer.from(edit(INVITE.toString("latin1")), "latin1");

test("the stateless responder's To tag is deterministic: a retransmission gets the same answer", () => {
  const bad = inv((s) => s.replace("CSeq: 314159 INVITE", "CSeq: 314159 INVITE\r\nCSeq: 1 INVITE"));
  const a = screen(parseMessage(bad));
  const b = screen(parseMessage(bad));
  expect(a.action).toBe("respond");
  if (a.action !== "respond" || b.action !== "respond") throw new Error("expected respond");
  const ra = verdictResponse(a);
  const rb = verdictResponse(b);
  expect(ra.toBuffer().equals(rb.toBuffer())).toBe(true);
  expect(ra.status).toBe(400);
  expect(ra.reason).toBe("Bad Request (duplicate cseq)");
  expect(ra.to.tag).toMatch(/^sl[0-9a-f]{14}$/);
  // Via, From, Call-ID and CSeq lines are copied byte for byte (§8.2.6.2)
  const req = parseMessage(INVITE) as SipRequest;
  expect(ra.getAll("via")).toEqual(req.getAll("via"));
  expect(ra.get("from")).toBe(req.get("from"));
});

test("501 carries Allow; 420 carries Unsupported; 415 carries Accept", () => {
  const r501 = screen(parseMessage(inv((s) => s.replace(/INVITE/g, "FROBNICATE"))));
  expect(r501.action === "respond" && [r501.status, r501.headers]).toEqual([
    501,
    [["Allow", DEFAULT_POLICY.allow.join(", ")]],
  ]);
  const r420 = screen(
    parseMessage(inv((s) => s.replace("User-Agent:", "Require: 100rel, foo\r\nUser-Agent:"))),
  );
  expect(r420.action === "respond" && [r420.status, r420.headers]).toEqual([
    420,
    [["Unsupported", "100rel, foo"]],
  ]);
  const r415 = screen(parseMessage(inv((s) => s.replace("application/sdp", "text/plain"))));
  expect(r415.action === "respond" && r415.status).toBe(415);
});

test("483 when Max-Forwards is 0 on a request the edge forwards", () => {
  expect(inspect(inv((s) => s.replace("Max-Forwards: 69", "Max-Forwards: 0")))).toMatchObject({
    action: "respond",
    status: 483,
    error: "too_many_hops",
  });
});

test("a bad ACK is dropped, never answered", () => {
  const ack = inv((s) => s.replace(/INVITE/g, "ACK").replace("CSeq: 314159 ACK", "CSeq: x ACK"));
  expect(inspect(ack)).toMatchObject({ action: "drop", status: null });
});

test("statelessResponse builds any status with a deterministic tag", () => {
  const req = parseMessage(INVITE) as SipRequest;
  const a = statelessResponse(req, 503, "Service Unavailable", { headers: [["Retry-After", "5"]] });
  expect(a.to.tag).toBe(statelessResponse(req, 503, "Service Unavailable").to.tag);
  expect(a.get("retry-after")).toBe("5");
});
