import type { Peer } from "../sip/transport.js";
import { guardResolve, isInternalAddress, ownAddresses, refusal, TargetRefused } from "./targets.js";

const udp = (address: string, port = 5060): Peer => ({ transport: "udp", address, port });

describe("isInternalAddress", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "fe80::1",
    "fd00::5",
    "::ffff:127.0.0.1",
    "::FFFF:10.0.0.1",
  ])("%s is internal", (a) => expect(isInternalAddress(a)).toBe(true));
  it.each([
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "192.169.0.1",
    "2001:db8::1",
    "::ffff:8.8.8.8",
    "not-an-ip",
  ])("%s is not", (a) => expect(isInternalAddress(a)).toBe(false));
});

describe("refusal", () => {
  const own = () => [{ address: "203.0.113.5", port: 5060 }];
  it("refuses internal addresses unless allowed, and the edge's own address always", () => {
    expect(refusal(udp("127.0.0.1", 5070), { allowInternal: false, own })).toBe("internal_target");
    expect(refusal(udp("127.0.0.1", 5070), { allowInternal: true, own })).toBeUndefined();
    expect(refusal(udp("203.0.113.5"), { allowInternal: true, own })).toBe("call_loop");
    expect(refusal(udp("203.0.113.5", 5070), { allowInternal: false, own })).toBeUndefined();
    expect(refusal(udp("198.51.100.7"), { allowInternal: false, own })).toBeUndefined();
  });
});

describe("guardResolve", () => {
  it("rejects a host name that resolves to an internal address, before any INVITE", async () => {
    // What DNS answers is the attacker's: a public-looking name may point at cloud metadata.
    const table: Record<string, Peer> = {
      "sip:a@metadata.evil.example": udp("169.254.169.254"),
      "sip:b@pbx.example.com": udp("198.51.100.7"),
    };
    const refused: string[] = [];
    const resolve = guardResolve(
      async (uri) => table[uri] ?? Promise.reject(new Error("nxdomain")),
      { allowInternal: false, own: () => [] },
      (uri, e) => refused.push(`${uri} ${e.why}`),
    );
    await expect(resolve("sip:a@metadata.evil.example")).rejects.toBeInstanceOf(TargetRefused);
    await expect(resolve("sip:b@pbx.example.com")).resolves.toEqual(udp("198.51.100.7"));
    await expect(resolve("sip:c@nowhere")).rejects.toThrow("nxdomain");
    expect(refused).toEqual(["sip:a@metadata.evil.example internal_target"]);
  });
});

describe("ownAddresses", () => {
  it("lists the listening and advertised addresses, and every interface on a wildcard listen", () => {
    expect(ownAddresses({ host: "10.0.0.4", port: 5060 }, { host: "203.0.113.5", port: 5060 })).toEqual([
      { address: "10.0.0.4", port: 5060 },
      { address: "203.0.113.5", port: 5060 },
    ]);
    const any = ownAddresses({ host: "0.0.0.0", port: 5070 }, { host: "edge.example.com", port: 5060 });
    expect(any).toContainEqual({ address: "127.0.0.1", port: 5070 });
    expect(any.some((o) => o.address === "edge.example.com")).toBe(false);
  });
});
