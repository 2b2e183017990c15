import type { Sent } from "@ringflow/sip-core/testing";
import { type FakeEdge, fakeEdge, label, request } from "../test/fake-edge.js";
import type { Peer } from "./sip/transport.js";

// The edge's admission and fallbacks, sans I/O.

let fe: FakeEdge;
afterEach(async () => {
  await fe?.close();
});

/** Each call's answers, in Call-ID order (a refusal goes out before a decided answer). */
const labels = (sent: Sent[]) =>
  sent
    .filter((s) => label(s.message) !== "100")
    .sort((a, b) => a.message.callId.localeCompare(b.message.callId))
    .map((s) => label(s.message));
const PROXY: Peer = { address: "198.51.100.1", port: 5060, transport: "udp" };

/** An INVITE relayed by the proxy for a caller at `caller` (its Via under the proxy's). */
const viaProxy = (n: number, caller: string) =>
  request({
    callId: `p-${n}`,
    branch: `z9hG4bK-p${n}`,
    via: "198.51.100.1:5060",
    extra: [`Via: SIP/2.0/UDP ${caller}:5060;branch=z9hG4bK-c${n};received=${caller}`],
  });

async function throughProxy(args: string[]): Promise<string[]> {
  fe = await fakeEdge(() => [{ type: "hangup", status: 486 }], { args: ["--max-invite-rate", "1", ...args] });
  fe.inject(viaProxy(1, "203.0.113.1"), PROXY);
  fe.inject(viaProxy(2, "203.0.113.2"), PROXY);
  fe.inject(viaProxy(3, "203.0.113.1"), PROXY);
  await fe.settle();
  return labels(fe.take());
}

test("behind a trusted proxy, INVITEs are rate-limited per caller, not per proxy (item 8)", async () => {
  expect(await throughProxy(["--trusted-proxies", PROXY.address])).toEqual(["486", "486", "503"]);
});

test("an untrusted proxy's calls share its address's rate", async () => {
  expect(await throughProxy([])).toEqual(["486", "503", "503"]);
});

test("a trusted proxy's caller header, when configured, names the caller", async () => {
  fe = await fakeEdge(() => [{ type: "hangup", status: 486 }], {
    args: ["--max-invite-rate", "1", "--trusted-proxies", PROXY.address, "--caller-header", "X-Real-IP"],
  });
  for (const [n, ip] of [
    [1, "203.0.113.9"],
    [2, "203.0.113.10"],
    [3, "203.0.113.9"],
  ] as const)
    fe.inject(
      request({
        callId: `h-${n}`,
        branch: `z9hG4bK-h${n}`,
        via: "198.51.100.1:5060",
        extra: [`X-Real-IP: ${ip}`],
      }),
      PROXY,
    );
  await fe.settle();
  expect(labels(fe.take())).toEqual(["486", "486", "503"]);
});

test("a number's fallback applies however the call spells the number (sip:15550100 or +15550100)", async () => {
  fe = await fakeEdge(() => "error", { args: ["--fallback", "15550100=sip:fb@10.9.9.9"] });
  const from: Peer = { address: "203.0.113.7", port: 5060, transport: "udp" };
  fe.inject(
    request({
      uri: "sip:+15550100@192.0.2.10",
      callId: "f-1",
      branch: "z9hG4bK-f1",
      via: "203.0.113.7:5060",
    }),
    from,
  );
  fe.inject(
    request({
      uri: "sip:1-555-0100@192.0.2.10",
      callId: "f-2",
      branch: "z9hG4bK-f2",
      via: "203.0.113.7:5060",
    }),
    from,
  );
  await fe.settle();
  const sent = fe.take();
  expect(labels(sent)).toEqual(["302", "302"]);
  expect(sent.map((s) => s.message.get("contact"))).toEqual(["<sip:fb@10.9.9.9>", "<sip:fb@10.9.9.9>"]);
});
