import { createSocket } from "node:dgram";
import { freePort } from "./ports.js";

describe("freePort", () => {
  test("hands out ports below the ephemeral range that UDP and TCP can both bind", async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(10_000);
      expect(p).toBeLessThan(19_900);
    }
    const s = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.bind(ports[0], "127.0.0.1", () => resolve());
    });
    s.close();
  });

  test("never hands out the same port twice in a process, even to concurrent callers", async () => {
    const ports = await Promise.all(Array.from({ length: 300 }, () => freePort()));
    expect(new Set(ports).size).toBe(300);
  });

  test("never hands out a port a UDP socket holds", async () => {
    const held = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const s = createSocket("udp4");
        const p = await freePort();
        await new Promise<void>((resolve) => {
          s.once("error", () => resolve());
          s.bind(p, "127.0.0.1", () => resolve());
        });
        return s;
      }),
    );
    const bound = new Set(held.map((s) => s.address().port));
    for (let i = 0; i < 200; i++) expect(bound.has(await freePort())).toBe(false);
    for (const s of held) s.close();
  });
});
