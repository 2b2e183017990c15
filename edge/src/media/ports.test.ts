import type { Socket } from "node:dgram";
import { literalLookup, sentAtOnce } from "./ports.js";

describe("the RTP sockets' address look-up", () => {
  test("an IPv4 literal is answered before the look-up returns (no tick per datagram)", () => {
    const lookup = literalLookup();
    const seen: [string, number][] = [];
    for (const a of ["192.0.2.10", "192.0.2.10", "198.51.100.7"]) {
      lookup(a, 4, (err, address, family) => {
        expect(err).toBeNull();
        seen.push([address, family]);
      });
    }
    expect(seen).toEqual([
      ["192.0.2.10", 4],
      ["192.0.2.10", 4],
      ["198.51.100.7", 4],
    ]);
  });

  test("a host name goes to dns.lookup (answered later)", async () => {
    const lookup = literalLookup();
    let answered = false;
    const done = new Promise<string>((resolve, reject) =>
      lookup("localhost", 4, (err, address) => {
        answered = true;
        if (err) reject(err);
        else resolve(address);
      }),
    );
    expect(answered).toBe(false);
    expect(await done).toBe("127.0.0.1");
  });
});

describe("sentAtOnce: may the sender reuse the buffer it just sent?", () => {
  const socket = (queued: number) => ({ getSendQueueCount: () => queued }) as unknown as Socket;

  test("yes when the datagram to a literal is in the kernel", () => {
    expect(sentAtOnce(socket(0), "192.0.2.10")).toBe(true);
    expect(sentAtOnce(socket(0), "192.0.2.10")).toBe(true);
  });

  test("no while libuv holds a queued datagram (the socket's send buffer was full)", () => {
    expect(sentAtOnce(socket(1), "192.0.2.10")).toBe(false);
  });

  test("no for a host name: the send waits for its look-up", () => {
    expect(sentAtOnce(socket(0), "media.example.com")).toBe(false);
  });
});
