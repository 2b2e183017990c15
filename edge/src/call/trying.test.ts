import { createSocket, type Socket } from "node:dgram";
import { loadConfig } from "../config.js";
import type { DecisionResult } from "../decision/client.js";
import { Edge } from "../edge.js";
import { MemoryTraceSink } from "../trace/sink.js";

// 100 Trying goes out at once unless the final answer already went out in the same turn of
// the event loop (a decision held in memory), in which case it would only cost a datagram.

const REDIRECT: DecisionResult = {
  ok: true,
  latencyMs: 0,
  answer: { actions: [{ type: "redirect", status: 302, contacts: [{ uri: "sip:a@10.0.0.1" }] }], state: "s" },
};

async function callOnce(decide: () => Promise<DecisionResult>): Promise<string[]> {
  const cfg = loadConfig({}, ["--listen", "127.0.0.1:0", "--no-protection", "--traces", "off"]);
  const edge = new Edge(cfg, { decisions: { decide }, traces: new MemoryTraceSink(false) });
  await edge.start();
  const sock: Socket = createSocket("udp4");
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
  const port = sock.address().port;
  const got: string[] = [];
  const final = new Promise<void>((resolve) =>
    sock.on("message", (b) => {
      const line = b.toString("latin1").split("\r\n")[0] ?? "";
      got.push(line);
      if (!line.startsWith("SIP/2.0 1")) resolve();
    }),
  );
  sock.send(
    Buffer.from(
      `INVITE sip:+15550001000@127.0.0.1:${edge.port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-t1\r\n` +
        `From: <sip:t@127.0.0.1:${port}>;tag=1\r\nTo: <sip:+15550001000@127.0.0.1>\r\nCall-ID: trying-1\r\n` +
        "CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
    ),
    edge.port,
    "127.0.0.1",
  );
  await final;
  sock.close();
  await edge.close();
  return got;
}

test("an answer from memory (a resolved promise, even a few hops deep) goes out alone", async () => {
  expect(await callOnce(() => Promise.resolve(REDIRECT))).toEqual(["SIP/2.0 302 Moved Temporarily"]);
  const hops = async () => {
    await null;
    await null;
    return REDIRECT;
  };
  expect(await callOnce(hops)).toEqual(["SIP/2.0 302 Moved Temporarily"]);
});

test("an answer that takes a turn of the event loop is preceded by 100 Trying", async () => {
  const later = () => new Promise<DecisionResult>((r) => setImmediate(() => r(REDIRECT)));
  expect(await callOnce(later)).toEqual(["SIP/2.0 100 Trying", "SIP/2.0 302 Moved Temporarily"]);
});
