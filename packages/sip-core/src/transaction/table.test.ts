import fc from "fast-check";
import { ChurnMap } from "./table.js";

test("get, set (new and again), delete, size, values, clear", () => {
  const t = new ChurnMap<number>();
  expect(t.get("a")).toBeUndefined();
  t.set("a", 1).set("b", 2).set("a", 3);
  expect(t.size).toBe(2);
  expect(t.get("a")).toBe(3);
  expect(t.delete("a")).toBe(true);
  expect(t.delete("a")).toBe(false);
  expect(t.get("a")).toBeUndefined();
  expect([...t.values()]).toEqual([2]);
  t.clear();
  expect(t.size).toBe(0);
  expect(t.get("b")).toBeUndefined();
});

test("behaves as a Map under any sequence of operations, through chains and growth", () => {
  const key = fc.stringMatching(/^[a-z0-9;|.@-]{0,12}$/);
  const op = fc.oneof(
    fc.tuple(fc.constant("set" as const), key, fc.integer()),
    fc.tuple(fc.constant("delete" as const), key, fc.constant(0)),
    fc.tuple(fc.constant("get" as const), key, fc.constant(0)),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      // 16 buckets: long chains, and growth past 32 entries
      const t = new ChurnMap<number>(16);
      const m = new Map<string, number>();
      for (const [kind, k, v] of ops) {
        if (kind === "set") {
          t.set(k, v);
          m.set(k, v);
        } else if (kind === "delete") expect(t.delete(k)).toBe(m.delete(k));
        else expect(t.get(k)).toBe(m.get(k));
        expect(t.size).toBe(m.size);
      }
      for (const [k, v] of m) expect(t.get(k)).toBe(v);
      expect([...t.values()].sort()).toEqual([...m.values()].sort());
    }),
    { seed: 7, numRuns: 200 },
  );
});
