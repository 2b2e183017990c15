import { createSocket } from "node:dgram";
import { createServer } from "node:net";

// Ports for the processes a test starts (SIPp, Kamailio, edges, stubs), which bind them a moment
// later. The OS's pick (port 0) comes from the ephemeral range, which every socket bound to port
// 0 and every outgoing TCP connection on the box also draws from: a fresh-clone CI run lost a
// SIPp to that race (exit 254, "fatal error binding a socket") while other test files' UDP
// sockets and connections churned. So a port is drawn below the ephemeral range and above the
// edges' RTP ranges' neighbours' reach (10000-19899: the tests' RTP ranges start at 20000), and
// checked free for both TCP and UDP on 127.0.0.1 before it is handed out.

const LOW = 10_000;
const HIGH = 19_900;
/** Handed out by this process: not again, since its taker may not have bound it yet. */
const given = new Set<number>();

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket("udp4");
    s.once("error", () => {
      s.close();
      resolve(false);
    });
    s.bind(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** What the OS picks for a TCP listener on port 0 (the fallback). */
function osPick(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A port free a moment ago on 127.0.0.1 for both TCP and UDP, outside the ephemeral range. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (given.has(port)) continue;
    given.add(port);
    if ((await tcpFree(port)) && (await udpFree(port))) return port;
  }
  return osPick();
}
