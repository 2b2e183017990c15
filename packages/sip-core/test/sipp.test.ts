// End to end over real sockets against SIPp (Debian sip-tester): our minimal UAS answers
// SIPp's built-in `uac`, our minimal UAC calls SIPp's `uas`, over UDP and TCP, plus two
// scenarios that force retransmissions (a late ACK: the 2xx is re-sent; a late answer: the
// INVITE is re-sent by Timer A).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describeWithTools, freePort } from "@ringflow/testkit";
import { actAsUas, call, type Peer, startPeer } from "./peers.js";

const scenarios = join(process.cwd(), "packages/sip-core/test/sipp");

interface SippRun {
  code: number | null;
  successful: number;
  failed: number;
  out: string;
}

/** Run SIPp to completion; `ready` resolves once it has had a moment to bind. */
function sipp(args: string[]): { done: Promise<SippRun>; ready: Promise<void> } {
  const p = spawn("sipp", [...args, "-i", "127.0.0.1", "-timeout", "40", "-nostdin"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  p.stdout.on("data", (c) => {
    out += c;
  });
  p.stderr.on("data", (c) => {
    out += c;
  });
  const done = new Promise<SippRun>((resolve) =>
    p.on("close", (code) => {
      const count = (label: string) =>
        Number(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(out)?.[1] ?? -1);
      resolve({ code, successful: count("Successful call"), failed: count("Failed call"), out });
    }),
  );
  const ready = new Promise<void>((r) => setTimeout(r, 400));
  return { done, ready };
}

const tally = (peer: Peer, what: string) => peer.trace.filter((t) => t === what).length;

describeWithTools(["sipp"], "SIPp against sip-core", () => {
  jest.setTimeout(60_000);

  describe.each(["udp", "tcp"] as const)("over %s", (protocol) => {
    test("our UAS answers SIPp's built-in uac: 50 calls, 0 failed", async () => {
      const peer = await startPeer(protocol);
      actAsUas(peer);
      const run = sipp([
        "-sn",
        "uac",
        `127.0.0.1:${peer.transport.local.port}`,
        "-m",
        "50",
        "-r",
        "100",
        ...(protocol === "tcp" ? ["-t", "t1"] : []),
      ]);
      const r = await run.done;
      await peer.close();
      expect({ code: r.code, successful: r.successful, failed: r.failed }).toEqual({
        code: 0,
        successful: 50,
        failed: 0,
      });
      expect(tally(peer, "in INVITE")).toBe(50);
      expect(tally(peer, "out 200 BYE")).toBe(50);
    });

    test("our UAC completes calls against SIPp's built-in uas", async () => {
      const port = await freePort();
      const run = sipp([
        "-sn",
        "uas",
        "-p",
        String(port),
        "-m",
        "5",
        ...(protocol === "tcp" ? ["-t", "t1"] : []),
      ]);
      await run.ready;
      const peer = await startPeer(protocol);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push(await call(peer, { address: "127.0.0.1", port }));
      const r = await run.done;
      await peer.close();
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      expect({ code: r.code, successful: r.successful, failed: r.failed }).toEqual({
        code: 0,
        successful: 5,
        failed: 0,
      });
      expect(tally(peer, "out ACK")).toBe(5);
    });
  });

  test("UDP, SIPp ACKs 1.7 s late: the UAS re-sends the 200 at 0, T1 and 3*T1 until the ACK (§13.3.1.4)", async () => {
    const peer = await startPeer("udp");
    actAsUas(peer);
    const run = sipp([
      "-sf",
      join(scenarios, "uac-late-ack.sipp.xml"),
      `127.0.0.1:${peer.transport.local.port}`,
      "-m",
      "5",
      "-r",
      "10",
    ]);
    const r = await run.done;
    await peer.close();
    expect({ code: r.code, successful: r.successful, failed: r.failed }).toEqual({
      code: 0,
      successful: 5,
      failed: 0,
    });
    expect(tally(peer, "out 200 INVITE")).toBe(15);
    expect(tally(peer, "in ACK")).toBe(5);
  });

  test("UDP, SIPp answers 1.2 s late: Timer A re-sends the INVITE at T1 and the call completes", async () => {
    const port = await freePort();
    const run = sipp(["-sf", join(scenarios, "uas-slow-answer.sipp.xml"), "-p", String(port), "-m", "3"]);
    await run.ready;
    const peer = await startPeer("udp");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push(await call(peer, { address: "127.0.0.1", port }));
    const r = await run.done;
    await peer.close();
    expect(statuses).toEqual([200, 200, 200]);
    expect({ code: r.code, failed: r.failed }).toEqual({ code: 0, failed: 0 });
    expect(tally(peer, "out INVITE")).toBe(6);
  });
});
