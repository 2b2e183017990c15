// Presentation of a call trace, browser-safe (no node: imports, no Buffer): the SIP ladder
// as text (CLI) and SVG (designer), and the messages as a pcap (Wireshark, tshark).
export { buildLadder, type Ladder, type LadderArrow } from "./lanes.js";
export {
  type Endpoint,
  mergePcaps,
  parseEndpoint,
  traceToPcap,
  UdpPcapWriter,
  type UdpRecord,
  writeUdpPcap,
} from "./pcap.js";
export { renderLadderSvg } from "./svg.js";
export { renderLadderText } from "./text.js";
