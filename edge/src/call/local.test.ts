import type { SipRequest, SipResponse } from "@ringflow/sip-core";
import type { Sent } from "@ringflow/sip-core/testing";
import { type FakeEdge, fakeEdge, label, reply, request, sdp } from "../../test/fake-edge.js";
import type { Peer } from "../sip/transport.js";
import { playDone } from "./events.js";
import type { ActionExecutor, LocalSession } from "./executor.js";

// The extension points a media executor builds on: answering the caller locally with its own
// SDP, receiving in-dialog requests and the ACK while answered, and bridging afterwards with
// the session's offer (anchored media), without the caller being answered twice.

const CALLER: Peer = { address: "203.0.113.7", port: 40000, transport: "udp" };
const CALLEE: Peer = { address: "198.51.100.20", port: 5060, transport: "udp" };
const VIA = "203.0.113.7:40000";
const labels = (sent: Sent[]) => sent.map((s) => label(s.message));

let fe: FakeEdge;
afterEach(async () => {
  await fe?.close();
});

function recordingSession() {
  const seen: string[] = [];
  const session: LocalSession = {
    ack: (ack) => seen.push(`ack ${ack.body.toString().includes("10.1.1.1") ? "with answer" : "empty"}`),
    request: (req, tx) => {
      seen.push(`request ${req.method}`);
      tx.reply(200);
      return true;
    },
    bridgeOffer: () => ({ body: Buffer.from(sdp("192.0.2.10")), contentType: "application/sdp" }),
    bridged: (_leg, res) => {
      seen.push(`bridged ${res.status}`);
      return true;
    },
    calleeRequest: (req, tx) => {
      seen.push(`callee ${req.method}`);
      tx.reply(200);
      return true;
    },
    close: () => seen.push("close"),
  };
  return { seen, session };
}

test("an executor answers locally, gets the caller's INFO, plays, then the flow bridges with the session's offer", async () => {
  const { seen, session } = recordingSession();
  let finishPlay: (() => void) | undefined;
  const executor: ActionExecutor = {
    execute(call, action) {
      if (action.type === "answer") {
        expect(call.answerLocally(Buffer.from(sdp("192.0.2.10")), session)).toBe(true);
        expect(call.phase).toBe("answeredLocally");
        return undefined; // go on with the next action
      }
      return new Promise((resolve) => {
        finishPlay = () => resolve(playDone(call.info, call.decisionState, { interrupted: false }));
      });
    },
  };
  fe = await fakeEdge(
    (e) =>
      e.type === "call.new"
        ? [{ type: "answer" }, { type: "play", prompt: { text: "hello" } }]
        : e.type === "play.done"
          ? [
              {
                type: "bridge",
                targets: [{ uri: "sip:bob@198.51.100.20" }],
                strategy: "sequential",
                ringTimeoutSec: 20,
              },
            ]
          : [],
    { targets: { "198.51.100.20": CALLEE }, executor },
  );
  fe.inject(request({ callId: "l-1", branch: "z9hG4bK-l1", via: VIA, body: sdp("10.1.1.1") }), CALLER);
  await fe.settle();
  const ok = fe.take().find((s) => label(s.message) === "200")?.message as SipResponse;
  expect(ok.body.toString()).toContain("192.0.2.10");
  const toTag = ok.to.tag ?? "";
  fe.inject(
    request({
      method: "ACK",
      uri: "sip:ringflow@192.0.2.10",
      callId: "l-1",
      toTag,
      branch: "z9hG4bK-l2",
      via: VIA,
    }),
    CALLER,
  );
  fe.inject(
    request({
      method: "INFO",
      uri: "sip:ringflow@192.0.2.10",
      callId: "l-1",
      toTag,
      cseq: 2,
      branch: "z9hG4bK-l3",
      via: VIA,
    }),
    CALLER,
  );
  await fe.settle();
  expect(labels(fe.take())).toEqual(["200"]);
  finishPlay?.();
  await fe.settle();
  const invite = fe.take().find((s) => label(s.message) === "INVITE")?.message as SipRequest;
  expect(invite.body.toString()).toContain("192.0.2.10"); // the session's offer, not the caller's
  fe.inject(
    reply(invite, 200, { toTag: "callee1", contact: "sip:bob@198.51.100.20", body: sdp("198.51.100.20") }),
    CALLEE,
  );
  await fe.settle();
  expect(labels(fe.take())).toEqual(["ACK"]); // the caller is not answered again
  expect(seen).toEqual(["ack empty", "request INFO", "bridged 200"]);
  // The callee puts the call on hold: its media ends on our ports, so the session answers it
  // and nothing reaches the caller (relayed, the callee's SDP would take the caller's media
  // away from the edge).
  fe.inject(
    [
      "INVITE sip:ringflow@192.0.2.10 SIP/2.0",
      "Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-callee-hold;rport",
      "Max-Forwards: 70",
      `From: ${(invite.get("to") ?? "").replace(/;tag=.*$/, "")};tag=callee1`,
      `To: ${invite.get("from")}`,
      `Call-ID: ${invite.callId}`,
      "CSeq: 7 INVITE",
      "Contact: <sip:bob@198.51.100.20>",
      "Content-Type: application/sdp",
      `Content-Length: ${Buffer.byteLength(sdp("198.51.100.20").replace(/\r?\n/g, "\r\n"))}`,
      "",
      sdp("198.51.100.20"),
    ].join("\n"),
    CALLEE,
  );
  await fe.settle();
  const toCallee = fe.take();
  expect(labels(toCallee)).toEqual(["200"]);
  expect(toCallee[0]?.to).toMatchObject({ address: CALLEE.address, port: CALLEE.port });
  expect(seen.at(-1)).toBe("callee INVITE");
  // The caller hangs up: the callee gets BYE, the session closes.
  fe.inject(
    request({
      method: "BYE",
      uri: "sip:ringflow@192.0.2.10",
      callId: "l-1",
      toTag,
      cseq: 3,
      branch: "z9hG4bK-l4",
      via: VIA,
    }),
    CALLER,
  );
  await fe.settle();
  expect(labels(fe.take())).toEqual(["200", "BYE"]);
  expect(seen.at(-1)).toBe("close");
});

test("an INVITE without SDP answered locally: our 200 carries the offer, the session gets the answer in the ACK", async () => {
  const { seen, session } = recordingSession();
  fe = await fakeEdge((e) => (e.type === "call.new" ? [{ type: "answer" }] : []), {
    executor: {
      execute(call) {
        call.answerLocally(Buffer.from(sdp("192.0.2.10")), session);
        return null;
      },
    },
  });
  fe.inject(request({ callId: "l-2", branch: "z9hG4bK-m1", via: VIA }), CALLER);
  await fe.settle();
  const ok = fe.take().find((s) => label(s.message) === "200")?.message as SipResponse;
  fe.inject(
    request({
      method: "ACK",
      uri: "sip:ringflow@192.0.2.10",
      callId: "l-2",
      toTag: ok.to.tag ?? "",
      branch: "z9hG4bK-m2",
      via: VIA,
      body: sdp("10.1.1.1"),
    }),
    CALLER,
  );
  await fe.settle();
  expect(seen).toEqual(["ack with answer"]);
});
