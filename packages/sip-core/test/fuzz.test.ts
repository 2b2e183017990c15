// Random mutations of valid messages: parsing, screening and (after validation) every typed
// accessor must never throw, and each input must finish quickly.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import {
  inspect,
  parseMessage,
  type SipMessage,
  SipParseError,
  StreamFramer,
  screen,
  validateMessage,
} from "../src/index.js";
import { INVITE, OK200 } from "./fixtures.js";

const dir = join(process.cwd(), "packages/sip-core/test/rfc4475");
const SEEDS = [
  INVITE,
  OK200,
  ...["wsinv", "intmeth", "esc01", "transports", "unreason", "mpart01", "inv2543"].map((f) =>
    readFileSync(join(dir, `${f}.dat`)),
  ),
];
const INTERESTING = [13, 10, 32, 9, 58, 59, 44, 60, 62, 34, 37, 61, 64, 92, 0, 0xff, 0x80, 48, 57];

type Op = {
  kind: "flip" | "insert" | "delete" | "dupLine" | "truncate";
  at: number;
  len: number;
  byte: number;
};

const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom("flip", "insert", "delete", "dupLine", "truncate"),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 40 }),
  byte: fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 })),
});

function mutate(seed: Buffer, ops: Op[]): Buffer {
  let b = Buffer.from(seed);
  for (const o of ops) {
    const at = b.length === 0 ? 0 : o.at % b.length;
    switch (o.kind) {
      case "flip":
        if (b.length > 0) b[at] = o.byte;
        break;
      case "insert":
        b = Buffer.concat([b.subarray(0, at), Buffer.alloc(o.len % 4 || 1, o.byte), b.subarray(at)]);
        break;
      case "delete":
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + o.len)]);
        break;
      case "dupLine": {
        const s = b.lastIndexOf("\r\n", at);
        const e = b.indexOf("\r\n", at);
        if (s >= 0 && e > s) b = Buffer.concat([b.subarray(0, e), b.subarray(s, e), b.subarray(e)]);
        break;
      }
      case "truncate":
        b = b.subarray(0, at);
        break;
    }
  }
  return b;
}

function touchEverything(m: SipMessage): void {
  void m.via.map((v) => [v.branch, v.received, v.rport, v.toString()]);
  void [
    m.from.tag,
    m.from.uri,
    m.to.tag,
    m.to.uri,
    m.callId,
    m.cseq,
    m.maxForwards,
    m.contentLength,
    m.contentType,
  ];
  for (const c of m.contact) if (!c.star) void [c.uri, c.q, c.expires];
  for (const r of [...m.route, ...m.recordRoute]) void r.uri;
  if (m.isRequest) void m.requestUri;
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

test("mutated messages never throw past the parser, validator or screen, and never hang", () => {
  fc.assert(
    fc.property(fc.constantFrom(...SEEDS.keys()), fc.array(op, { minLength: 1, maxLength: 6 }), (si, ops) => {
      const bytes = mutate(SEEDS[si]!, ops);
      const ms = timed(() => {
        for (const framing of ["datagram", "stream"] as const) {
          const parsed = parseMessage(bytes, { framing });
          screen(parsed);
          if (!(parsed instanceof SipParseError)) {
            if (validateMessage(parsed) === null) {
              touchEverything(parsed);
              const again = parseMessage(parsed.toBuffer(), { framing: "datagram" });
              expect(again instanceof SipParseError).toBe(false);
            }
          }
        }
        inspect(bytes, { transport: "udp" });
      });
      // generous: the CI box is shared; a hang would take far longer
      expect(ms).toBeLessThan(1000);
    }),
    { numRuns: 3000, seed: 4475 },
  );
});

test("a stream cut at random points yields the same messages as whole datagrams", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 30 }), (cuts) => {
      const stream = Buffer.concat([INVITE, Buffer.from("\r\n\r\n"), OK200, INVITE]);
      const f = new StreamFramer();
      const got: string[] = [];
      let pos = 0;
      for (const c of [...cuts, stream.length]) {
        const next = Math.min(stream.length, pos + c);
        for (const fr of f.push(stream.subarray(pos, next))) {
          if (fr.kind === "message")
            got.push(
              fr.parsed instanceof SipParseError
                ? "error"
                : fr.parsed.isRequest
                  ? fr.parsed.method
                  : String(fr.parsed.status),
            );
          else got.push(fr.kind);
        }
        pos = next;
        if (pos >= stream.length) break;
      }
      expect(got).toEqual(["INVITE", "ping", "200", "INVITE"]);
    }),
    { numRuns: 500, seed: 3261 },
  );
});

test("random bytes at the framer never throw", () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), (chunks) => {
      const f = new StreamFramer({ maxMessageSize: 2048 });
      for (const c of chunks) f.push(Buffer.from(c));
    }),
    { numRuns: 1000, seed: 17 },
  );
});
