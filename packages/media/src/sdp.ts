import { isIPv4 } from "node:net";
// SDP offer/answer for one audio stream (RFC 3264 on RFC 4566, parsed and written by
// sdp-transform): G.711 (PCMU/PCMA), telephone-event (RFC 4733 §7), ptime, the direction
// attributes that carry hold (§8.4), and rtcp-mux (RFC 5761).

import type { MediaDescription, SessionDescription } from "sdp-transform";
import sdpTransform from "sdp-transform";
import type { G711Law } from "./g711.js";

export type Direction = "sendrecv" | "sendonly" | "recvonly" | "inactive";

export interface LocalMedia {
  /** The address peers send RTP to (the advertised one). */
  address: string;
  /** Our RTP port (RTCP is port + 1 unless muxed). */
  port: number;
  /** Codecs in our order of preference for offers (default PCMU, PCMA). */
  codecs?: G711Law[];
  /** Offer/accept telephone-event (default true). */
  telephoneEvent?: boolean;
  /** The packet time we send and ask for (default 20 ms). */
  ptime?: number;
  /** Accept rtcp-mux when offered, and offer it (default true). */
  rtcpMux?: boolean;
}

/** What both sides agreed on, from our side's point of view. */
export interface Negotiated {
  remoteAddress: string;
  remotePort: number;
  remoteRtcpPort: number;
  rtcpMux: boolean;
  codec: G711Law;
  payloadType: number;
  /** The peer's telephone-event payload type, or null (then listen for in-band DTMF). */
  telephoneEventPt: number | null;
  /** The packet time the peer asked for (we still send 20 ms frames unless it is 10-60 and a multiple of 10). */
  ptime: number;
  /** What we do: `sendonly` means we send and the peer does not. */
  direction: Direction;
}

export type SdpErrorCode = "malformed" | "no_audio" | "no_common_codec";

export type NegotiationResult =
  | { ok: true; sdp: string; negotiated: Negotiated }
  | { ok: false; code: SdpErrorCode };

const STATIC_PT: Record<G711Law, number> = { PCMU: 0, PCMA: 8 };
const DEFAULT_TE_PT = 101;

/** The direction a description asks for, from its writer's side. */
function directionOf(m: MediaDescription, s: SessionDescription): Direction {
  const d = (m.direction ?? s.direction ?? "sendrecv") as Direction;
  // RFC 3264 §8.4: c=0.0.0.0 is the old (RFC 2543) way to ask not to be sent to.
  if ((m.connection?.ip ?? s.connection?.ip) !== "0.0.0.0") return d;
  return d === "sendrecv" || d === "sendonly" ? "sendonly" : "inactive";
}

/** RFC 3264 §6.1: the answer's direction mirrors the offer's, limited by what we want. */
function answerDirection(offered: Direction, wanted: Direction): Direction {
  const theySend = offered === "sendrecv" || offered === "sendonly";
  const theyRecv = offered === "sendrecv" || offered === "recvonly";
  const weSend = theyRecv && (wanted === "sendrecv" || wanted === "sendonly");
  const weRecv = theySend && (wanted === "sendrecv" || wanted === "recvonly");
  return weSend ? (weRecv ? "sendrecv" : "sendonly") : weRecv ? "recvonly" : "inactive";
}

function codecOf(m: MediaDescription, pt: number): { name: string; rate: number } | null {
  const r = m.rtp.find((x) => x.payload === pt);
  if (r) return { name: r.codec.toUpperCase(), rate: r.rate ?? 8000 };
  if (pt === 0) return { name: "PCMU", rate: 8000 };
  if (pt === 8) return { name: "PCMA", rate: 8000 };
  return null;
}

function payloadList(m: MediaDescription): number[] {
  return String(m.payloads ?? "")
    .split(" ")
    .filter((x) => x !== "")
    .map(Number);
}

function parse(text: string): SessionDescription | null {
  try {
    const s = sdpTransform.parse(text);
    return Array.isArray(s.media) ? s : null;
  } catch {
    return null;
  }
}

/** Reads the peer's side of an audio m-line (offer or answer). */
function readRemote(
  s: SessionDescription,
  m: MediaDescription,
  codec: G711Law,
  pt: number,
  ours: Direction,
  rtcpMux: boolean,
): Negotiated {
  const given = m.connection?.ip ?? s.connection?.ip ?? "0.0.0.0";
  // Only an IPv4 literal is sent to. A host name (RFC 4566 §5.7 allows one) is not resolved: a
  // caller must not make the edge run DNS per packet or aim media at a name it controls; we send
  // once its packets arrive, to where they come from (symmetric RTP).
  const address = isIPv4(given) ? given : "0.0.0.0";
  const te = payloadList(m).find((p) => {
    const c = codecOf(m, p);
    return c !== null && c.name === "TELEPHONE-EVENT" && c.rate === 8000;
  });
  return {
    remoteAddress: address,
    remotePort: m.port,
    remoteRtcpPort: rtcpMux ? m.port : (m.rtcp?.port ?? m.port + 1),
    rtcpMux,
    codec,
    payloadType: pt,
    telephoneEventPt: te ?? null,
    ptime: m.ptime ?? 20,
    direction: ours,
  };
}

/**
 * One side's SDP across a call (RFC 3264 §8): the same o= session id throughout, and a version
 * that goes up by one each time what we send changes.
 */
export class SdpSession {
  private readonly sessionId: number;
  private version = 0;
  private lastBody: string | null = null;
  private offeredTePt = DEFAULT_TE_PT;

  constructor(
    private readonly local: LocalMedia,
    sessionId = Math.floor(Math.random() * 2 ** 31),
  ) {
    this.sessionId = sessionId;
  }

  private get codecs(): G711Law[] {
    return this.local.codecs ?? ["PCMU", "PCMA"];
  }

  /** Answers an offer (RFC 3264 §6): the first offered codec we support, the offer's payload types. */
  answer(offerText: string, wanted: Direction = "sendrecv"): NegotiationResult {
    const offer = parse(offerText);
    if (!offer) return { ok: false, code: "malformed" };
    const mIndex = offer.media.findIndex((m) => m.type === "audio" && m.port !== 0);
    if (mIndex < 0) return { ok: false, code: "no_audio" };
    const m = offer.media[mIndex] as MediaDescription;
    if (!/^RTP\/AVP$/i.test(m.protocol)) return { ok: false, code: "no_common_codec" };
    let chosen: { codec: G711Law; pt: number } | null = null;
    for (const pt of payloadList(m)) {
      const c = codecOf(m, pt);
      if (c && c.rate === 8000 && (c.name === "PCMU" || c.name === "PCMA") && this.codecs.includes(c.name)) {
        chosen = { codec: c.name, pt };
        break;
      }
    }
    if (!chosen) return { ok: false, code: "no_common_codec" };
    const rtcpMux = (this.local.rtcpMux ?? true) && m.rtcpMux === "rtcp-mux";
    const dir = answerDirection(directionOf(m, offer), wanted);
    const negotiated = readRemote(offer, m, chosen.codec, chosen.pt, dir, rtcpMux);
    if (this.local.telephoneEvent === false) negotiated.telephoneEventPt = null;
    // §6: one m-line per offered one, in order; the ones we do not take get port 0.
    const media = offer.media.map((om, i) =>
      i === mIndex
        ? this.audioLine(chosen.codec, chosen.pt, negotiated.telephoneEventPt, dir, rtcpMux)
        : rejected(om),
    );
    return { ok: true, sdp: this.write(media), negotiated };
  }

  /** An offer (for a re-INVITE, or a leg we place): every codec we take, telephone-event 101. */
  offer(direction: Direction = "sendrecv"): string {
    const pts = this.codecs.map((c) => STATIC_PT[c]);
    const m = this.audioLine(
      this.codecs[0] as G711Law,
      pts[0] as number,
      null,
      direction,
      this.local.rtcpMux ?? true,
    );
    m.payloads = pts.join(" ");
    m.rtp = this.codecs.map((c) => ({ payload: STATIC_PT[c], codec: c, rate: 8000 }));
    if (this.local.telephoneEvent !== false) {
      m.payloads += ` ${this.offeredTePt}`;
      m.rtp.push({ payload: this.offeredTePt, codec: "telephone-event", rate: 8000 });
      m.fmtp = [{ payload: this.offeredTePt, config: "0-16" }];
    }
    return this.write([m]);
  }

  /** Reads the answer to our offer (RFC 3264 §7): the first codec in it is what the peer sends. */
  readAnswer(answerText: string, offered: Direction = "sendrecv"): NegotiationResult {
    const s = parse(answerText);
    if (!s) return { ok: false, code: "malformed" };
    const m = s.media.find((x) => x.type === "audio");
    if (!m || m.port === 0) return { ok: false, code: "no_audio" };
    for (const pt of payloadList(m)) {
      const c = codecOf(m, pt);
      if (c && c.rate === 8000 && (c.name === "PCMU" || c.name === "PCMA") && this.codecs.includes(c.name)) {
        // Their answer mirrors our offer from their side; ours is its mirror, within what we offered.
        const dir = answerDirection(directionOf(m, s), offered);
        const rtcpMux = (this.local.rtcpMux ?? true) && m.rtcpMux === "rtcp-mux";
        return { ok: true, sdp: answerText, negotiated: readRemote(s, m, c.name, pt, dir, rtcpMux) };
      }
    }
    return { ok: false, code: "no_common_codec" };
  }

  private audioLine(
    codec: G711Law,
    pt: number,
    tePt: number | null,
    direction: Direction,
    rtcpMux: boolean,
  ): MediaDescription {
    const m: MediaDescription = {
      type: "audio",
      port: this.local.port,
      protocol: "RTP/AVP",
      payloads: tePt === null ? `${pt}` : `${pt} ${tePt}`,
      rtp: [{ payload: pt, codec, rate: 8000 }],
      fmtp: [],
      ptime: this.local.ptime ?? 20,
      direction,
    };
    if (tePt !== null) {
      m.rtp.push({ payload: tePt, codec: "telephone-event", rate: 8000 });
      m.fmtp.push({ payload: tePt, config: "0-16" });
    }
    if (rtcpMux) m.rtcpMux = "rtcp-mux";
    return m;
  }

  private write(media: MediaDescription[]): string {
    const body: SessionDescription = {
      version: 0,
      origin: {
        username: "ringflow",
        sessionId: this.sessionId,
        sessionVersion: 0,
        netType: "IN",
        ipVer: 4,
        address: this.local.address,
      },
      name: "ringflow",
      connection: { version: 4, ip: this.local.address },
      timing: { start: 0, stop: 0 },
      media,
    };
    const text = sdpTransform.write(body);
    if (this.lastBody !== null && text !== this.lastBody) this.version++;
    this.lastBody = text;
    body.origin.sessionVersion = this.version;
    return sdpTransform.write(body);
  }
}

function rejected(m: MediaDescription): MediaDescription {
  const first = payloadList(m)[0] ?? 0;
  return { type: m.type, port: 0, protocol: m.protocol, payloads: String(first), rtp: [], fmtp: [] };
}
