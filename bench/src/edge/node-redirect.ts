// The Node floor for `pnpm bench edge`: a stateless 302 in a few lines of dgram, with the same
// two Contacts as the edge's benchmark decision. No parser, no transactions, nothing absorbed
// (an ACK is dropped, a retransmitted INVITE answered again): what the runtime alone costs per
// call, so the edge's ratio to Kamailio can be read against Node's own. Prints {"ready":true}.
import { createSocket } from "node:dgram";

const KEEP = new Set(["via", "v", "from", "f", "call-id", "i", "cseq"]);
const TAIL =
  "Contact: <sip:alice@10.0.0.1>;q=0.9\r\nContact: <sip:bob@10.0.0.2:5070>;q=0.5\r\nContent-Length: 0\r\n\r\n";

const socket = createSocket("udp4");
socket.on("message", (buf, from) => {
  const text = buf.toString("latin1");
  if (!text.startsWith("INVITE ")) return;
  const lines = text.slice(0, text.indexOf("\r\n\r\n")).split("\r\n");
  let out = "SIP/2.0 302 Moved Temporarily\r\n";
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const name = line.slice(0, line.indexOf(":")).trim().toLowerCase();
    if (KEEP.has(name)) out += `${line}\r\n`;
    else if (name === "to" || name === "t") out += `${line};tag=floor\r\n`;
  }
  socket.send(Buffer.from(out + TAIL, "latin1"), from.port, from.address);
});
socket.bind(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(JSON.stringify({ ready: true, port: socket.address().port }));
});
for (const s of ["SIGTERM", "SIGINT"] as const) process.on(s, () => process.exit(0));
