import { StreamFramer } from "./stream.js";

const msg = (body = "", extra = "") =>
  `OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nMax-Forwards: 70\r\nTo: <sip:a@example.com>\r\nFrom: <sip:b@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

function feedBytewise(f: StreamFramer, text: string) {
  const frames = [];
  const b = Buffer.from(text, "latin1");
  for (let i = 0; i < b.length; i++) frames.push(...f.push(b.subarray(i, i + 1)));
  return frames;
}

test("messages come out whole whatever the chunking, with pings between them", () => {
  const text = `${msg("hello")}\r\n\r\n${msg()}${msg("x".repeat(300))}`;
  const whole = new StreamFramer().push(Buffer.from(text, "latin1"));
  const bytewise = feedBytewise(new StreamFramer(), text);
  const kinds = (fs: { kind: string }[]) => fs.map((x) => x.kind);
  expect(kinds(whole)).toEqual(["message", "ping", "message", "message"]);
  expect(kinds(bytewise)).toEqual(kinds(whole));
  const texts = (fs: typeof whole) =>
    fs.flatMap((x) => (x.kind === "message" ? [x.bytes.toString("latin1")] : []));
  expect(texts(bytewise)).toEqual(texts(whole));
  expect(texts(whole)[2]).toBe(msg("x".repeat(300)));
});

test("a slow sender costs time linear in the bytes: 1 MiB in 64-byte chunks", () => {
  // The old framer copied and re-scanned its whole buffer per chunk: 16,384 chunks x ~512 KiB
  // each (~8 GB of copying, seconds of CPU). This one appends and resumes its search: milliseconds.
  const big = Buffer.from(msg("", `X-Pad: ${"a".repeat(1_000_000)}\r\n`), "latin1");
  const f = new StreamFramer({ maxMessageSize: 2 * 1024 * 1024 });
  const t = process.hrtime.bigint();
  const frames = [];
  for (let i = 0; i < big.length; i += 64) frames.push(...f.push(big.subarray(i, i + 64)));
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  expect(frames.map((x) => x.kind)).toEqual(["message"]);
  expect(ms).toBeLessThan(1000);
});

test("a message over the cap, or headers that never end, are fatal once", () => {
  const f = new StreamFramer({ maxMessageSize: 1024 });
  const out = feedBytewise(f, `OPTIONS sip:a@b SIP/2.0\r\nX: ${"y".repeat(2000)}`);
  expect(out.map((x) => x.kind)).toEqual(["fatal"]);
  expect(f.pending).toBe(0);
  expect(f.push(Buffer.from(msg()))).toEqual([]);
  const g = new StreamFramer({ maxMessageSize: 1024 });
  expect(g.push(Buffer.from(msg("z".repeat(2000)))).map((x) => x.kind)).toEqual(["fatal"]);
});

test("emitted messages stay intact while later bytes arrive", () => {
  const f = new StreamFramer();
  const [first] = f.push(Buffer.from(msg("one")));
  const copy = first?.kind === "message" ? first.bytes.toString("latin1") : "";
  for (let i = 0; i < 50; i++) f.push(Buffer.from(msg("two".repeat(100))));
  expect(first?.kind === "message" && first.bytes.toString("latin1")).toBe(copy);
});
