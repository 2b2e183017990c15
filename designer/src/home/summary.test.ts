import { ago, flowRows, idFromFile, searchRows } from "./summary.js";

const flow = (id: string, updatedAt: string, errors = 0) => ({
  id,
  name: `${id} flow`,
  revision: 1,
  errors,
  warnings: 0,
  createdAt: updatedAt,
  updatedAt,
});
const version = (flowId: string, n: number) => ({
  flowId,
  version: n,
  name: flowId,
  message: "",
  fromRevision: 1,
  publishedAt: "",
  publishedBy: "",
});

test("rows: status, numbers with the version each runs ('latest' resolved), newest edit first", () => {
  const rows = flowRows(
    [
      flow("a", "2026-01-01T00:00:00Z"),
      flow("b", "2026-02-01T00:00:00Z", 2),
      flow("c", "2025-01-01T00:00:00Z"),
    ],
    [
      { number: "+15550100", flowId: "a", version: "latest", updatedAt: "" },
      { number: "+15550101", flowId: "a", version: 1, updatedAt: "" },
    ],
    { a: [version("a", 1), version("a", 2)] },
  );
  expect(rows.map((r) => [r.id, r.status, r.latest])).toEqual([
    ["b", "errors", undefined],
    ["a", "published", 2],
    ["c", "draft", undefined],
  ]);
  expect(rows[1]?.numbers).toEqual([
    { number: "+15550100", version: "latest", runs: 2 },
    { number: "+15550101", version: 1, runs: 1 },
  ]);
  expect(searchRows(rows, "5550101").map((r) => r.id)).toEqual(["a"]);
  expect(searchRows(rows, "C FLOW").map((r) => r.id)).toEqual(["c"]);
});

test("import ids follow the CLI's rule; ages read as people say them", () => {
  expect(idFromFile("/x/reception.flow.json")).toBe("reception");
  expect(idFromFile("My Desk.json")).toBe("My-Desk");
  const now = Date.parse("2026-12-04T12:00:00Z");
  expect(ago("2026-12-04T11:59:30Z", now)).toBe("just now");
  expect(ago("2026-12-04T11:30:00Z", now)).toBe("30 min ago");
  expect(ago("2026-12-03T11:00:00Z", now)).toBe("yesterday");
});

test("rows say who saved last, in words", () => {
  const rows = flowRows(
    [
      { ...flow("a", "2026-01-01T00:00:00Z"), updatedBy: "key:ci" },
      { ...flow("b", "2026-02-01T00:00:00Z"), updatedBy: "user:ana@example.com" },
      flow("c", "2025-01-01T00:00:00Z"),
    ],
    [],
    {},
  );
  expect(rows.map((r) => [r.id, r.updatedBy])).toEqual([
    ["b", "ana@example.com"],
    ["a", "key “ci”"],
    ["c", undefined],
  ]);
});
