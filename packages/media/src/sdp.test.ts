import sdpTransform from "sdp-transform";
import { SdpSession } from "./sdp.js";

const local = { address: "192.0.2.10", port: 40000 };

function offer(lines: string[], conn = "198.51.100.7"): string {
  return ["v=0", "o=caller 1 1 IN IP4 198.51.100.7", "s=-", `c=IN IP4 ${conn}`, "t=0 0", ...lines, ""].join(
    "\r\n",
  );
}

const baresip = offer([
  "m=audio 5004 RTP/AVP 8 0 101",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=ptime:30",
  "a=sendrecv",
]);

describe("SDP answer (RFC 3264 §6)", () => {
  test("takes the offerer's first G.711 codec and its telephone-event payload type", () => {
    const r = new SdpSession(local, 77).answer(baresip);
    if (!r.ok) throw new Error(r.code);
    expect(r.negotiated).toEqual({
      remoteAddress: "198.51.100.7",
      remotePort: 5004,
      remoteRtcpPort: 5005,
      rtcpMux: false,
      codec: "PCMA",
      payloadType: 8,
      telephoneEventPt: 101,
      ptime: 30,
      direction: "sendrecv",
    });
    const a = sdpTransform.parse(r.sdp);
    expect(a.origin.sessionId).toBe(77);
    expect(a.connection?.ip).toBe("192.0.2.10");
    const m = a.media[0];
    expect(m?.port).toBe(40000);
    expect(m?.payloads).toBe("8 101");
    expect(m?.rtp.map((x) => x.codec)).toEqual(["PCMA", "telephone-event"]);
    expect(m?.direction).toBe("sendrecv");
    expect(m?.ptime).toBe(20);
  });

  test("a static payload type without rtpmap is understood; no telephone-event means in-band DTMF", () => {
    const r = new SdpSession(local).answer(offer(["m=audio 5004 RTP/AVP 0"]));
    expect(r.ok && r.negotiated).toMatchObject({ codec: "PCMU", payloadType: 0, telephoneEventPt: null });
  });

  test("a host name in c= is never resolved: nothing is sent until the caller's packets show where (symmetric RTP)", () => {
    const r = new SdpSession(local).answer(offer(["m=audio 5004 RTP/AVP 0"], "media.attacker.example"));
    expect(r.ok && r.negotiated).toMatchObject({
      remoteAddress: "0.0.0.0",
      remotePort: 5004,
      direction: "sendrecv",
    });
  });

  test("hold: sendonly is answered recvonly, inactive inactive, c=0.0.0.0 means do not send", () => {
    const s = new SdpSession(local);
    const held = s.answer(offer(["m=audio 5004 RTP/AVP 0", "a=sendonly"]));
    expect(held.ok && held.negotiated.direction).toBe("recvonly");
    expect(held.ok && sdpTransform.parse(held.sdp).media[0]?.direction).toBe("recvonly");
    const inactive = s.answer(offer(["m=audio 5004 RTP/AVP 0", "a=inactive"]));
    expect(inactive.ok && inactive.negotiated.direction).toBe("inactive");
    const old = s.answer(offer(["m=audio 5004 RTP/AVP 0"], "0.0.0.0"));
    expect(old.ok && old.negotiated.direction).toBe("recvonly");
    const recvonly = s.answer(offer(["m=audio 5004 RTP/AVP 0", "a=recvonly"]));
    expect(recvonly.ok && recvonly.negotiated.direction).toBe("sendonly");
  });

  test("session-level direction applies when the m-line has none", () => {
    const text = offer(["a=sendonly", "m=audio 5004 RTP/AVP 0"]);
    const r = new SdpSession(local).answer(text);
    expect(r.ok && r.negotiated.direction).toBe("recvonly");
  });

  test("rtcp-mux is accepted when offered (RTCP then shares the RTP port)", () => {
    const r = new SdpSession(local).answer(offer(["m=audio 5004 RTP/AVP 0", "a=rtcp-mux"]));
    expect(r.ok && r.negotiated).toMatchObject({ rtcpMux: true, remoteRtcpPort: 5004 });
    expect(r.ok && r.sdp).toContain("a=rtcp-mux");
  });

  test("an a=rtcp port is honoured", () => {
    const r = new SdpSession(local).answer(offer(["m=audio 5004 RTP/AVP 0", "a=rtcp:6000"]));
    expect(r.ok && r.negotiated.remoteRtcpPort).toBe(6000);
  });

  test("video is rejected with port 0 in its own m-line; audio is answered", () => {
    const r = new SdpSession(local).answer(
      offer(["m=video 5006 RTP/AVP 96", "a=rtpmap:96 H264/90000", "m=audio 5004 RTP/AVP 0"]),
    );
    if (!r.ok) throw new Error(r.code);
    const media = sdpTransform.parse(r.sdp).media;
    expect(media.map((m) => [m.type, m.port])).toEqual([
      ["video", 0],
      ["audio", 40000],
    ]);
  });

  test("no common codec, SRTP only, no audio, and garbage are refused with a code", () => {
    const s = new SdpSession(local);
    expect(s.answer(offer(["m=audio 5004 RTP/AVP 9", "a=rtpmap:9 G722/8000"]))).toEqual({
      ok: false,
      code: "no_common_codec",
    });
    expect(s.answer(offer(["m=audio 5004 RTP/SAVP 0"]))).toEqual({ ok: false, code: "no_common_codec" });
    expect(s.answer(offer(["m=video 5004 RTP/AVP 96"]))).toEqual({ ok: false, code: "no_audio" });
    expect(s.answer(offer(["m=audio 0 RTP/AVP 0"]))).toEqual({ ok: false, code: "no_audio" });
    expect(new SdpSession({ ...local, codecs: ["PCMA"] }).answer(offer(["m=audio 5004 RTP/AVP 0"]))).toEqual({
      ok: false,
      code: "no_common_codec",
    });
  });

  test("the o= version goes up by one only when our SDP changes (RFC 3264 §8)", () => {
    const s = new SdpSession(local);
    const v = (t: string) => sdpTransform.parse(t).origin.sessionVersion;
    const a1 = s.answer(baresip);
    const a2 = s.answer(baresip);
    const a3 = s.answer(offer(["m=audio 5004 RTP/AVP 8", "a=sendonly"]));
    if (!a1.ok || !a2.ok || !a3.ok) throw new Error("refused");
    expect([v(a1.sdp), v(a2.sdp), v(a3.sdp)]).toEqual([0, 0, 1]);
  });
});

describe("SDP offer and the answer to it (RFC 3264 §5, §7)", () => {
  test("offers PCMU, PCMA and telephone-event; reads the peer's choice", () => {
    const s = new SdpSession({ ...local, rtcpMux: false });
    const o = sdpTransform.parse(s.offer());
    expect(o.media[0]?.payloads).toBe("0 8 101");
    const ans = offer(["m=audio 7000 RTP/AVP 8 101", "a=rtpmap:101 telephone-event/8000", "a=recvonly"]);
    const r = s.readAnswer(ans);
    expect(r.ok && r.negotiated).toMatchObject({
      codec: "PCMA",
      payloadType: 8,
      telephoneEventPt: 101,
      remotePort: 7000,
      direction: "sendonly",
    });
  });

  test("a hold offer (sendonly) answered recvonly leaves us sending only", () => {
    const s = new SdpSession(local);
    expect(sdpTransform.parse(s.offer("sendonly")).media[0]?.direction).toBe("sendonly");
    const r = s.readAnswer(offer(["m=audio 7000 RTP/AVP 0", "a=recvonly"]), "sendonly");
    expect(r.ok && r.negotiated.direction).toBe("sendonly");
  });
});
