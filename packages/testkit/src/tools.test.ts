import { freePort } from "./ports.js";
import { hasTool } from "./tools.js";

test("hasTool finds a shell and not a made-up binary", () => {
  expect(hasTool("sh")).toBe(true);
  expect(hasTool("no-such-binary-ringflow")).toBe(false);
});

test("freePort returns a usable port number", async () => {
  const port = await freePort();
  expect(port).toBeGreaterThan(1023);
  expect(port).toBeLessThan(65536);
});
