import { spawnSync } from "node:child_process";

const cache = new Map<string, boolean>();

/** True when `bin` is on PATH. */
export function hasTool(bin: string): boolean {
  let found = cache.get(bin);
  if (found === undefined) {
    found = spawnSync("sh", ["-c", `command -v ${bin}`], { stdio: "ignore" }).status === 0;
    cache.set(bin, found);
  }
  return found;
}

/**
 * `describe` for tests that drive real peers (SIPp, Kamailio, Chromium, tshark...).
 * On a laptop without the tool the block is skipped; under CI=true a missing tool fails.
 */
export function describeWithTools(bins: string[], name: string, fn: () => void): void {
  const missing = bins.filter((b) => !hasTool(b));
  if (missing.length === 0) {
    describe(name, fn);
  } else if (process.env.CI === "true") {
    describe(name, () => {
      test(`needs ${missing.join(", ")}`, () => {
        throw new Error(`missing tools under CI: ${missing.join(", ")}`);
      });
    });
  } else {
    describe.skip(`${name} (missing ${missing.join(", ")})`, fn);
  }
}
