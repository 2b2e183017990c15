import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_PORTS, readyBanner } from "./local-stack.js";

test("the ready block shows the demo key once; the designer link and the CLI line carry none", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ringflow-banner-"));
  try {
    const key = "rf_TESTKEYtestkey0123456789";
    writeFileSync(join(dataDir, "demo-api-key"), `${key}\n`);
    const text = readyBanner({
      root: "/r",
      dataDir,
      ports: DEFAULT_PORTS,
      host: "127.0.0.1",
      reset: false,
      designer: true,
    });
    expect(text.split(key).length - 1).toBe(1);
    expect(text).toMatch(/designer {3}http:\/\/127\.0\.0\.1:\d+\/\n/);
    expect(text).toContain("RINGFLOW_KEY=$(cat ");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
