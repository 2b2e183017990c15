// @ringflow/media: RTP, G.711, DTMF (RFC 4733, SIP INFO, in-band), SDP offer/answer, pacing,
// prompts, digit collection and recording, sans-I/O (time and datagrams are inputs).
export * from "./clip.js";
export * from "./collector.js";
export * from "./dtmf-info.js";
export * from "./g711.js";
export * from "./goertzel.js";
export * from "./inactivity.js";
export * from "./latch.js";
export * from "./pcap.js";
export * from "./player.js";
export * from "./recorder.js";
export * from "./resample.js";
export * from "./result.js";
export * from "./rtcp.js";
export * from "./rtp.js";
export * from "./scheduler.js";
export * from "./sdp.js";
export * from "./send-cap.js";
export * from "./session.js";
export * from "./silence.js";
export * from "./telephone-event.js";
export * from "./wav.js";
