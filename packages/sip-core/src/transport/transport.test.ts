import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { createResponse } from "../builders.js";
import type { SipMessage } from "../message.js";
import { SipRequest, type SipResponse } from "../message.js";
import { parseMessage } from "../parser.js";
import { responseDestination } from "./route.js";
import { TcpTransport } from "./tcp.js";
import type { Remote, TapEvent } from "./types.js";
import { UdpTransport } from "./udp.js";

const OPTIONS = (port: number, proto = "UDP", branch = "z9hG4bKabc") =>
  Buffer.from(
    `OPTIONS sip:edge@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/${proto} 10.9.9.9:${port};branch=${branch};rport\r\n` +
      "Max-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:edge@127.0.0.1>\r\nCall-ID: t1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
  );

function next<T>(register: (fn: (x: T) => void) => void): Promise<T> {
  return new Promise((resolve) => register(resolve));
}

test("UDP: stamps received/rport, taps in and out, answers to the Via destination", async () => {
  const t = await UdpTransport.bind();
  const taps: TapEvent[] = [];
  t.onTap((e) => taps.push(e));
  const client = createSocket("udp4");
  await new Promise<void>((r) => client.bind(0, "127.0.0.1", () => r()));
  const cport = client.address().port;
  const got = new Promise<[SipMessage, Remote]>((resolve) => t.onMessage((m, f) => resolve([m, f])));
  client.send(OPTIONS(cport), t.local.port, "127.0.0.1");
  const [m, from] = await got;
  expect(from).toMatchObject({ address: "127.0.0.1", port: cport, transport: "udp" });
  expect(m.topVia?.received).toBe("127.0.0.1");
  expect(m.topVia?.rport).toBe(cport);
  const reply = next<Buffer>((fn) => client.once("message", fn));
  const res = createResponse(m as SipRequest, 200, { toTag: "x" });
  t.send(res, responseDestination(m.topVia!, from));
  const bytes = await reply;
  const parsed = parseMessage(bytes) as SipResponse;
  expect(parsed.status).toBe(200);
  expect(parsed.to.tag).toBe("x");
  expect(taps.map((e) => e.dir)).toEqual(["in", "out"]);
  expect(taps[0]).toMatchObject({ transport: "udp", remote: { port: cport }, local: t.local });
  client.close();
  await t.close();
});

test("UDP: sends to an IP literal and to a host name (resolved) alike, and reports a name that fails", async () => {
  const t = await UdpTransport.bind();
  const client = createSocket("udp4");
  await new Promise<void>((r) => client.bind(0, "127.0.0.1", () => r()));
  const port = client.address().port;
  const msg = parseMessage(OPTIONS(port)) as SipRequest;
  for (const address of ["127.0.0.1", "localhost"]) {
    const got = next<Buffer>((fn) => client.once("message", fn));
    t.send(msg, { address, port });
    expect((parseMessage(await got) as SipRequest).callId).toBe("t1");
  }
  const failed = next<Error>((fn) => t.send(msg, { address: "no-such-host.invalid", port }, fn));
  expect(((await failed) as NodeJS.ErrnoException).code).toMatch(/ENOTFOUND|EAI_AGAIN/);
  client.close();
  await t.close();
});

test("UDP: a malformed request is answered 400 statelessly and never reaches the handler", async () => {
  const t = await UdpTransport.bind();
  let delivered = 0;
  t.onMessage(() => delivered++);
  const rejected = next<unknown>((fn) => t.onReject(fn));
  const client = createSocket("udp4");
  await new Promise<void>((r) => client.bind(0, "127.0.0.1", () => r()));
  const reply = next<Buffer>((fn) => client.once("message", fn));
  const bad = OPTIONS(client.address().port).toString().replace("CSeq: 1 OPTIONS", "CSeq: x OPTIONS");
  client.send(Buffer.from(bad), t.local.port, "127.0.0.1");
  const res = parseMessage(await reply) as SipResponse;
  expect(res.status).toBe(400);
  expect(res.reason).toContain("cseq");
  expect(res.to.tag).toMatch(/^sl/);
  expect(await rejected).toMatchObject({ action: "respond", status: 400, code: "header_value" });
  expect(delivered).toBe(0);
  client.close();
  await t.close();
});

test("TCP: frames messages, answers over the same connection, keeps one connection", async () => {
  const t = await TcpTransport.listen();
  t.onMessage((m, from) => {
    if (m instanceof SipRequest) t.send(createResponse(m, 200, { toTag: "y" }), from);
  });
  const sock = connect(t.local.port, "127.0.0.1");
  await next<void>((fn) => sock.once("connect", () => fn()));
  const chunks: Buffer[] = [];
  const twoReplies = new Promise<void>((resolve) =>
    sock.on("data", (c) => {
      chunks.push(c);
      if (
        (
          Buffer.concat(chunks)
            .toString()
            .match(/SIP\/2\.0 200/g) ?? []
        ).length === 2
      )
        resolve();
    }),
  );
  const one = OPTIONS(1, "TCP", "z9hG4bK1");
  const two = OPTIONS(1, "TCP", "z9hG4bK2");
  // split across writes and with a keep-alive in between
  sock.write(Buffer.concat([one.subarray(0, 40)]));
  sock.write(Buffer.concat([one.subarray(40), Buffer.from("\r\n\r\n"), two]));
  await twoReplies;
  expect(t.connections).toBe(1);
  sock.destroy();
  await t.close();
});

test("TCP: listenAlso accepts on a second port; answers go back over that connection", async () => {
  const t = await TcpTransport.listen();
  const extra = await t.listenAlso({ port: 0 });
  expect(extra).not.toBe(t.local.port);
  const froms: Remote[] = [];
  t.onMessage((m, from) => {
    froms.push(from);
    if (m instanceof SipRequest) t.send(createResponse(m, 200, { toTag: "y" }), from);
  });
  const sock = connect(extra, "127.0.0.1");
  await next<void>((fn) => sock.once("connect", () => fn()));
  const reply = next<Buffer>((fn) => sock.once("data", fn));
  sock.write(OPTIONS(1, "TCP", "z9hG4bK3"));
  expect((await reply).toString()).toMatch(/^SIP\/2\.0 200/);
  expect(froms[0]).toMatchObject({ transport: "tcp", connectionId: expect.any(Number) });
  expect(t.connections).toBe(1);
  sock.destroy();
  await t.close();
  // both listeners are closed: a new connection to the extra port is refused
  const refused = connect(extra, "127.0.0.1");
  await expect(next<Error>((fn) => refused.once("error", fn))).resolves.toMatchObject({
    code: "ECONNREFUSED",
  });
});

test("TCP: a negative Content-Length closes the connection after a 400", async () => {
  const t = await TcpTransport.listen();
  const sock = connect(t.local.port, "127.0.0.1");
  await next<void>((fn) => sock.once("connect", () => fn()));
  let data = "";
  sock.on("data", (c) => {
    data += c.toString();
  });
  const closed = next<void>((fn) => sock.once("close", () => fn()));
  sock.write(OPTIONS(1, "TCP").toString().replace("Content-Length: 0", "Content-Length: -5"));
  await closed;
  expect(data).toMatch(/^SIP\/2\.0 400/);
  await t.close();
});

test("§18.2.2 response destinations: UDP uses received/rport; TCP the connection, else received and the sent-by port", () => {
  const req = parseMessage(OPTIONS(4000)) as SipRequest;
  const via = req.topVia!;
  via.setParam("received", "198.51.100.1");
  expect(responseDestination(via, { address: "198.51.100.1", port: 4000, transport: "udp" })).toEqual({
    address: "198.51.100.1",
    port: 4000,
  });
  via.setParam("rport", "61000");
  expect(responseDestination(via)).toEqual({ address: "198.51.100.1", port: 61000 });
  expect(
    responseDestination(via, { address: "198.51.100.1", port: 61000, transport: "tcp", connectionId: 7 }),
  ).toEqual({
    transport: "tcp",
    connectionId: 7,
    address: "198.51.100.1",
    port: 4000,
  });
});

test("an advertised address goes into the Via of requests the layer sends", async () => {
  const t = await UdpTransport.bind({ advertise: { address: "203.0.113.5", port: 5060 } });
  expect(t.advertised).toEqual({ address: "203.0.113.5", port: 5060 });
  expect(t.local.address).toBe("127.0.0.1");
  await t.close();
});

test("TCP: a request to a port nobody listens on ends its client transaction with a transport error", async () => {
  const { freePort } = await import("@ringflow/testkit");
  const { TransactionLayer } = await import("../transaction/layer.js");
  const { createRequest } = await import("../builders.js");
  const t = await TcpTransport.listen();
  const layer = new TransactionLayer({ transports: [t] });
  const port = await freePort();
  const req = createRequest({
    method: "OPTIONS",
    uri: `sip:nobody@127.0.0.1:${port};transport=tcp`,
    from: "<sip:edge@127.0.0.1>;tag=1",
    to: `<sip:nobody@127.0.0.1:${port}>`,
    cseq: 1,
    via: { transport: "TCP", host: "127.0.0.1", port: t.local.port },
  });
  const tx = layer.sendRequest(req, { address: "127.0.0.1", port, transport: "tcp" });
  await new Promise<void>((resolve) => {
    tx.onTransportError = () => resolve();
  });
  expect(tx.state).toBe("terminated");
  await t.close();
});

test("TCP: one source gets at most maxConnectionsPerSource connections and maxPendingPerSource buffered bytes", async () => {
  const t = await TcpTransport.listen({ maxConnectionsPerSource: 3, maxPendingPerSource: 4096 });
  const open = async () => {
    const s = connect(t.local.port, "127.0.0.1");
    s.on("error", () => {});
    await next<void>((fn) => s.once("connect", () => fn()));
    return s;
  };
  const socks = [await open(), await open(), await open()];
  // The fourth is closed on arrival (the server's count is checked once its close arrives).
  const fourth = await open();
  await next<void>((fn) => fourth.once("close", () => fn()));
  expect(t.connections).toBe(3);
  // Unfinished headers from one connection past the source's byte budget close that connection.
  const first = socks[0]!;
  const closed = next<void>((fn) => first.once("close", () => fn()));
  first.write(`OPTIONS sip:a@b SIP/2.0\r\nX-Pad: ${"a".repeat(5000)}`);
  await closed;
  // A freed slot can be used again.
  const again = await open();
  const ok = next<string>((fn) => again.once("data", (c) => fn(c.toString())));
  t.onMessage((m, from) => {
    if (m instanceof SipRequest) t.send(createResponse(m, 200), from);
  });
  again.write(OPTIONS(1, "TCP"));
  expect(await ok).toMatch(/^SIP\/2\.0 200/);
  for (const s of [...socks, again]) s.destroy();
  await t.close();
});
