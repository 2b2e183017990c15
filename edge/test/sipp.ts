import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "@ringflow/testkit";

// Runs real SIPp processes for the edge's end-to-end tests: every run is bounded (-m, -timeout,
// -timeout_error), uses its own ports, and is killed when the test file ends.

const running = new Set<ChildProcess>();

export function scenario(name: string): string {
  return join(process.cwd(), "edge", "test", "scenarios", `${name}.sipp.xml`);
}

export interface SippRun {
  port: number;
  /** Resolves with SIPp's exit code (0 = every call succeeded). */
  done: Promise<number>;
  output: () => string;
}

export async function sipp(opts: {
  scenario: string;
  /** host:port of the edge for a caller; absent for a callee (UAS). */
  remote?: string;
  service?: string;
  calls?: number;
  timeoutSec?: number;
  /** `-d`: the length of a `<pause/>` in ms. */
  pauseMs?: number;
  transport?: "u1" | "t1";
  extra?: string[];
}): Promise<SippRun> {
  const port = await freePort();
  const mediaPort = await freePort();
  const args = [
    "-sf",
    scenario(opts.scenario),
    "-i",
    "127.0.0.1",
    "-p",
    String(port),
    "-mp",
    String(mediaPort),
    "-m",
    String(opts.calls ?? 1),
    "-timeout",
    `${opts.timeoutSec ?? 15}s`,
    "-timeout_error",
    "-nostdin",
    "-t",
    opts.transport ?? "u1",
    ...(opts.service ? ["-s", opts.service] : []),
    ...(opts.pauseMs !== undefined ? ["-d", String(opts.pauseMs)] : []),
    ...(opts.extra ?? []),
    ...(opts.remote ? [opts.remote] : []),
  ];
  const child = spawn("sipp", args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  });
  child.stderr?.on("data", (d) => {
    out += d.toString();
  });
  const done = new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
  return { port, done, output: () => out };
}

export function killAllSipp(): void {
  for (const c of running) c.kill("SIGKILL");
  running.clear();
}
