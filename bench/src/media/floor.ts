// The Node floor of the media bench: N connected UDP sockets and one 20 ms interval that sends
// each a fresh 172-byte PCMU packet (header written, payload the prompt's bytes), with no
// scheduler, session or codec: what sending RTP from Node costs before any media logic.
// Prints {"ready"} when all sockets are up.
import { createSocket, type Socket } from "node:dgram";
import { readFileSync } from "node:fs";
import { encodeG711, readWav } from "@ringflow/media";

const [wavPath, nArg, portArg] = process.argv.slice(2);
const n = Number(nArg);
const port = Number(portArg);
const audio = encodeG711("PCMU", readWav(readFileSync(wavPath as string)).pcm);
const frames = Math.floor(audio.length / 160);

const socks: Socket[] = [];
for (let i = 0; i < n; i++) {
  const s = createSocket({ type: "udp4", sendBufferSize: 256 * 1024 });
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  await new Promise<void>((r) => s.connect(port, "127.0.0.1", () => r()));
  socks.push(s);
}
let k = 0;
setInterval(() => {
  const off = (k % frames) * 160;
  for (let i = 0; i < socks.length; i++) {
    const b = Buffer.allocUnsafe(172);
    b[0] = 0x80;
    b[1] = 0;
    b.writeUInt16BE(k & 0xffff, 2);
    b.writeUInt32BE((k * 160) >>> 0, 4);
    b.writeUInt32BE(i + 1, 8);
    b.set(audio.subarray(off, off + 160), 12);
    (socks[i] as Socket).send(b);
  }
  k++;
}, 20);
process.stdin.on("data", () => {});
process.stdin.on("end", () => process.exit(0));
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
