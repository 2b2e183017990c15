import { createRequest, createResponse } from "./builders.js";
import { authorizeRequest, digestAuthorization, parseChallenge } from "./digest.js";

test("RFC 2617 §3.5 example: the computed response matches", () => {
  const ch = parseChallenge(
    'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  )!;
  expect(ch).toMatchObject({ realm: "testrealm@host.com", qop: ["auth", "auth-int"], algorithm: "MD5" });
  const v = digestAuthorization(
    ch,
    { username: "Mufasa", password: "Circle Of Life" },
    "GET",
    "/dir/index.html",
    {
      cnonce: "0a4f113b",
      nc: 1,
    },
  );
  expect(v).toContain('response="6629fae49393a05397450978507c4ef1"');
  expect(v).toContain("nc=00000001");
  expect(v).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
});

test("a 407 from a trunk: Proxy-Authorization, CSeq + 1, a new branch, same Call-ID", () => {
  const req = createRequest({
    method: "INVITE",
    uri: "sip:+15551234567@trunk.example.net",
    from: "<sip:edge@example.com>;tag=1",
    to: "<sip:+15551234567@trunk.example.net>",
    cseq: 1,
    via: { transport: "UDP", host: "203.0.113.5", port: 5060 },
  });
  const res = createResponse(req, 407, { toTag: "t" });
  res.add("Proxy-Authenticate", 'Digest realm="trunk", nonce="abc", algorithm=MD5');
  const next = authorizeRequest(req, res, { username: "edge", password: "pw" })!;
  expect(next.cseq.seq).toBe(2);
  expect(next.callId).toBe(req.callId);
  expect(next.topVia?.branch).not.toBe(req.topVia?.branch);
  expect(next.via).toHaveLength(1);
  const auth = next.get("proxy-authorization")!;
  expect(auth).toMatch(
    /^Digest username="edge", realm="trunk", nonce="abc", uri="sip:\+15551234567@trunk.example.net", response="[0-9a-f]{32}"/,
  );
  expect(req.cseq.seq).toBe(1); // the original is untouched
  expect(authorizeRequest(req, res, { username: "edge", password: "pw", realm: "other" })).toBeNull();
});

test("SHA-256 challenges are answered with SHA-256 (RFC 7616)", () => {
  const ch = parseChallenge('Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"')!;
  const v = digestAuthorization(ch, { username: "u", password: "p" }, "REGISTER", "sip:r", { cnonce: "c" });
  expect(v).toMatch(/response="[0-9a-f]{64}"/);
});
