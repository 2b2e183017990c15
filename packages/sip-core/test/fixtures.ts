// Sample messages shared by the tests and the sip benchmark (`@ringflow/sip-core/fixtures`): an INVITE with SDP (two Vias, Record-Route) and its 200 OK.
export const SDP = [
  "v=0",
  "o=alice 2890844526 2890844526 IN IP4 192.0.2.10",
  "s=-",
  "c=IN IP4 192.0.2.10",
  "t=0 0",
  "m=audio 49170 RTP/AVP 0 8 101",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=sendrecv",
  "",
].join("\r\n");

export const INVITE = Buffer.from(
  [
    "INVITE sip:+15551234567@edge.example.com;user=phone SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport",
    "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK4b43c2ff8.1;received=198.51.100.7",
    "Max-Forwards: 69",
    'From: "Alice Caller" <sip:+15559876543@carrier.example.net;user=phone>;tag=1928301774',
    "To: <sip:+15551234567@edge.example.com;user=phone>",
    "Call-ID: a84b4c76e66710@pc33.carrier.example.net",
    "CSeq: 314159 INVITE",
    "Contact: <sip:+15559876543@192.0.2.10:5060;transport=udp>",
    "Record-Route: <sip:198.51.100.7;lr;ftag=1928301774>",
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE",
    "Supported: timer, replaces",
    "User-Agent: TrunkGW/4.2",
    "Content-Type: application/sdp",
    `Content-Length: ${Buffer.byteLength(SDP)}`,
    "",
    SDP,
  ].join("\r\n"),
  "latin1",
);

export const OK200 = Buffer.from(
  [
    "SIP/2.0 200 OK",
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport=5060;received=192.0.2.10",
    "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK4b43c2ff8.1;received=198.51.100.7",
    "Record-Route: <sip:198.51.100.7;lr;ftag=1928301774>",
    'From: "Alice Caller" <sip:+15559876543@carrier.example.net;user=phone>;tag=1928301774',
    "To: <sip:+15551234567@edge.example.com;user=phone>;tag=a6c85cf",
    "Call-ID: a84b4c76e66710@pc33.carrier.example.net",
    "CSeq: 314159 INVITE",
    "Contact: <sip:edge@203.0.113.5:5060>",
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS",
    "Content-Type: application/sdp",
    `Content-Length: ${Buffer.byteLength(SDP)}`,
    "",
    SDP,
  ].join("\r\n"),
  "latin1",
);
