import { randomTag } from "./tag.js";

test("tags are 12 hex characters (48 random bits, §19.3 asks for 32 at least) and do not repeat across pool refills", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const t = randomTag();
    expect(t).toMatch(/^[0-9a-f]{12}$/);
    seen.add(t);
  }
  expect(seen.size).toBe(5000);
});

test("other lengths", () => {
  expect(randomTag(4)).toMatch(/^[0-9a-f]{8}$/);
  expect(randomTag(16)).toMatch(/^[0-9a-f]{32}$/);
});
