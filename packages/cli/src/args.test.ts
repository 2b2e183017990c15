import { flag, parseArgs } from "./args.js";
import { CliError } from "./output.js";

test("parses positionals, --k v, --k=v, repeats and switches", () => {
  const p = parseArgs(
    ["a.json", "--at", "2026-01-01T00:00:00Z", "--input=1", "--input", "busy", "--ladder"],
    ["ladder"],
  );
  expect(p.positional).toEqual(["a.json"]);
  expect(flag(p, "at")).toBe("2026-01-01T00:00:00Z");
  expect(p.flags.get("input")).toEqual(["1", "busy"]);
  expect(flag(p, "ladder")).toBe("true");
});

test("a flag without a value is a usage error", () => {
  expect(() => parseArgs(["--at"])).toThrow(CliError);
});
