import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../main.js";
import { run } from "./sip-check.js";
import { capture } from "./validate-capture.js";

const corpus = (f: string) => join(process.cwd(), "packages/sip-core/test/rfc4475", `${f}.dat`);
const dir = mkdtempSync(join(tmpdir(), "ringflow-sip-check-"));

test("a well-formed INVITE is accepted", async () => {
  const r = await capture(() => run([corpus("esc01")]));
  expect(r.code).toBe(0);
  expect(r.json).toEqual({ parsed: true, action: "accept", status: null, reason: null, error: null });
});

test("a bad request is answered 400 with a reason naming the problem", async () => {
  const r = await capture(() => run([corpus("multi01")]));
  expect(r.code).toBe(0);
  expect(r.json).toEqual({
    parsed: false,
    action: "respond",
    status: 400,
    reason: "Bad Request (duplicate call-id)",
    error: "header_duplicate",
  });
});

test("505 for another SIP version, 416 for an unknown scheme, drop for a bad response", async () => {
  expect((await capture(() => run([corpus("badvers")]))).json).toMatchObject({
    action: "respond",
    status: 505,
    error: "version",
  });
  expect((await capture(() => run([corpus("unkscm")]))).json).toMatchObject({
    parsed: true,
    status: 416,
    error: "uri_scheme",
  });
  expect((await capture(() => run([corpus("bigcode")]))).json).toEqual({
    parsed: false,
    action: "drop",
    status: null,
    reason: null,
    error: "start_line",
  });
});

test("--transport tcp requires Content-Length", async () => {
  const p = join(dir, "nocl.sip");
  writeFileSync(
    p,
    "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nFrom: <sip:b@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n",
  );
  expect((await capture(() => run([p]))).json).toMatchObject({ action: "accept" });
  expect((await capture(() => run([p, "--transport", "tcp"]))).json).toMatchObject({
    action: "respond",
    status: 400,
    error: "content_length",
  });
});

test("an unreadable file or a bad flag is a usage error (exit 2) through the dispatcher", async () => {
  const r = await capture(() => main(["sip-check", join(dir, "missing.sip")]));
  expect(r.code).toBe(2);
  expect(r.json).toMatchObject({ error: "unreadable" });
  const u = await capture(() => main(["sip-check", corpus("esc01"), "--transport", "sctp"]));
  expect(u.code).toBe(2);
  expect(u.json).toMatchObject({ error: "usage" });
});

test("a message alone gets what the edge gives it without a call: a response is dropped, a BYE 481 (issue 12 item 6)", async () => {
  const msg = (text: string) => {
    const f = join(dir, `alone-${Math.random().toString(36).slice(2)}.sip`);
    writeFileSync(f, text.replace(/\n/g, "\r\n"));
    return f;
  };
  const head =
    "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK-a1\nFrom: <sip:a@b>;tag=1\nCall-ID: alone-1\nMax-Forwards: 70\nContent-Length: 0\n\n";
  const ok = msg(`SIP/2.0 200 OK\nTo: <sip:b@c>;tag=2\nCSeq: 1 INVITE\n${head}`);
  expect((await capture(() => run([ok]))).json).toEqual({
    parsed: true,
    action: "drop",
    status: null,
    reason: null,
    error: "no_transaction",
  });
  const bye = msg(`BYE sip:b@c SIP/2.0\nTo: <sip:b@c>;tag=2\nCSeq: 2 BYE\n${head}`);
  expect((await capture(() => run([bye]))).json).toMatchObject({
    action: "respond",
    status: 481,
    error: "no_dialog",
  });
});
