// The local stack for the designer's end-to-end test: `scripts/start.ts --no-designer` on free
// ports with its own data directory (so it runs beside other suites and the developer's own
// `pnpm start`), stopped as Ctrl-C would: SIGINT to its process group.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@ringflow/testkit";

export interface LocalStack {
  api: string;
  sip: { host: string; port: number };
  apiKey: string;
  output(): string;
  stop(): Promise<void>;
}

export class StackError extends Error {
  constructor(
    readonly code: "start_timeout" | "exited",
    message: string,
  ) {
    super(message);
    this.name = "StackError";
  }
}

export async function startLocalStack(timeoutMs = 150_000): Promise<LocalStack> {
  const root = process.cwd();
  const dataDir = mkdtempSync(join(tmpdir(), "ringflow-designer-stack-"));
  const ports = {
    RINGFLOW_API_PORT: await freePort(),
    RINGFLOW_INVOKE_PORT: await freePort(),
    RINGFLOW_DYNAMODB_PORT: await freePort(),
    RINGFLOW_S3_PORT: await freePort(),
    RINGFLOW_EDGE_HEALTH_PORT: await freePort(),
    RINGFLOW_SIP_PORT: await freePort(),
  };
  const proc: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@ringflow/source", join(root, "scripts", "start.ts"), "--no-designer"],
    {
      cwd: root,
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        RINGFLOW_DATA_DIR: dataDir,
        NO_COLOR: "1",
      },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  proc.stdout?.on("data", (d) => (out += String(d)));
  proc.stderr?.on("data", (d) => (out += String(d)));
  const closed = new Promise<void>((r) => proc.once("close", () => r()));
  const stop = async () => {
    if (proc.exitCode === null && proc.pid) {
      try {
        process.kill(-proc.pid, "SIGINT");
      } catch {
        // already gone
      }
      await closed;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!out.includes("Ringflow is up")) {
    if (proc.exitCode !== null) {
      await stop();
      throw new StackError("exited", `the local stack exited ${proc.exitCode}:\n${out.slice(-3000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new StackError("start_timeout", `the local stack did not come up:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    api: `http://127.0.0.1:${ports.RINGFLOW_API_PORT}`,
    sip: { host: "127.0.0.1", port: ports.RINGFLOW_SIP_PORT },
    apiKey: readFileSync(join(dataDir, "demo-api-key"), "utf8").trim(),
    output: () => out,
    stop,
  };
}
