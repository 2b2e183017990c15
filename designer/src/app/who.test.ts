import { whoWords } from "./who.js";

test("API keys and people read as words", () => {
  expect(whoWords("key:ci")).toBe("key “ci”");
  expect(whoWords("user:ana@example.com")).toBe("ana@example.com");
  expect(whoWords(undefined)).toBeUndefined();
});
