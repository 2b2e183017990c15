// Drives the built designer in Debian's Chromium: build once with Vite (spawned: Vite 8 is
// ESM-only), serve it with `vite preview`, open pages in a fresh profile. Shared by the e2e tests
// and `pnpm bench designer`. Paths come from process.cwd() (the repo root under jest and bench).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export type { Page };

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export const designerDir = () => join(process.cwd(), "designer");
const viteBin = () => join(designerDir(), "node_modules", "vite", "bin", "vite.js");

function run(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [viteBin(), ...args], {
    cwd: designerDir(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export class HarnessError extends Error {
  constructor(
    readonly code: "build_failed" | "preview_failed",
    message: string,
  ) {
    super(message);
    this.name = "HarnessError";
  }
}

/** `vite build` into a fresh directory (so parallel runs never share one); resolves with it. */
export function buildDesigner(env: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "ringflow-designer-"));
  return new Promise((resolve, reject) => {
    const p = run(["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn", ...extraArgs], env);
    let log = "";
    p.stdout?.on("data", (d) => (log += d));
    p.stderr?.on("data", (d) => (log += d));
    p.on("exit", (code) =>
      code === 0
        ? resolve(outDir)
        : reject(new HarnessError("build_failed", `vite build exited ${code}:\n${log}`)),
    );
  });
}

export interface Preview {
  url: string;
  stop(): Promise<void>;
}

/** `vite preview` of a build on `port`; resolves once it answers. */
export async function startPreview(outDir: string, port: number): Promise<Preview> {
  const p = run([
    "preview",
    "--outDir",
    outDir,
    "--port",
    String(port),
    "--strictPort",
    "--host",
    "127.0.0.1",
  ]);
  let log = "";
  p.stdout?.on("data", (d) => (log += d));
  p.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (p.exitCode !== null)
      throw new HarnessError("preview_failed", `vite preview exited ${p.exitCode}:\n${log}`);
    try {
      const r = await fetch(url);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      p.kill();
      throw new HarnessError("preview_failed", `vite preview did not answer on ${url}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (p.exitCode !== null) return resolve();
        p.once("exit", () => resolve());
        p.kill("SIGTERM");
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile directory, removed on close. */
export async function launchChromium(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "ringflow-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors and uncaught exceptions of a page, to assert there are none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}
