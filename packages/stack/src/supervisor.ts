import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** One long-running part of the stack, started as a child process. */
export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Resolves true once the part answers its health check. */
  healthy: () => Promise<boolean>;
  /** How long to wait for health before giving up, ms. */
  startTimeoutMs?: number;
  /** How long SIGTERM may take (the edge drains calls) before SIGKILL, ms. */
  stopTimeoutMs?: number;
}

export type SupervisorEvent =
  | { kind: "log"; name: string; line: string }
  | { kind: "ready"; name: string; ms: number }
  | { kind: "died"; name: string; code: number | null; signal: string | null; lastLines: string[] }
  | { kind: "stopped"; name: string };

export class StartError extends Error {
  constructor(
    readonly code: "start_timeout" | "died_on_start",
    readonly child: string,
    readonly lastLines: string[],
  ) {
    super(
      `${child}: ${code === "start_timeout" ? "did not become healthy in time" : "exited while starting"}`,
    );
    this.name = "StartError";
  }
}

interface Running {
  spec: ChildSpec;
  proc: ChildProcess;
  lines: string[];
  exited: Promise<void>;
  stopping: boolean;
}

const KEEP_LINES = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts children in order, each only after the previous one is healthy; reports every log
 * line prefixed by name; reports a child that dies on its own (with its last lines) so the
 * caller can stop the rest; stops them in reverse order (the edge, started last, drains first).
 */
export class Supervisor {
  private readonly running: Running[] = [];
  private stoppingAll = false;

  constructor(private readonly onEvent: (e: SupervisorEvent) => void) {}

  async start(spec: ChildSpec): Promise<void> {
    const t0 = Date.now();
    const proc = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const entry: Running = { spec, proc, lines: [], stopping: false, exited: Promise.resolve() };
    entry.exited = new Promise((resolve) => {
      // "close", not "exit": every log line the child wrote has been read by then.
      proc.once("close", (code, signal) => {
        if (!entry.stopping && !this.stoppingAll) {
          this.onEvent({ kind: "died", name: spec.name, code, signal, lastLines: [...entry.lines] });
        } else {
          this.onEvent({ kind: "stopped", name: spec.name });
        }
        resolve();
      });
      proc.once("error", () => resolve());
    });
    for (const stream of [proc.stdout, proc.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on("line", (line) => {
        entry.lines.push(line);
        if (entry.lines.length > KEEP_LINES) entry.lines.shift();
        this.onEvent({ kind: "log", name: spec.name, line });
      });
    }
    this.running.push(entry);

    let dead = false;
    void entry.exited.then(() => {
      dead = true;
    });
    const deadline = t0 + (spec.startTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      if (dead) throw new StartError("died_on_start", spec.name, [...entry.lines]);
      if (await spec.healthy().catch(() => false)) {
        this.onEvent({ kind: "ready", name: spec.name, ms: Date.now() - t0 });
        return;
      }
      await sleep(150);
    }
    throw new StartError("start_timeout", spec.name, [...entry.lines]);
  }

  /** Stops every child, last started first; resolves when all have exited. */
  async stopAll(): Promise<void> {
    this.stoppingAll = true;
    for (const entry of [...this.running].reverse()) {
      entry.stopping = true;
      if (entry.proc.exitCode === null && entry.proc.signalCode === null) {
        entry.proc.kill("SIGTERM");
        const timer = setTimeout(() => entry.proc.kill("SIGKILL"), entry.spec.stopTimeoutMs ?? 10_000);
        await entry.exited;
        clearTimeout(timer);
      }
    }
  }
}
