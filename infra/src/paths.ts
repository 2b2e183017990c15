import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";

/** The repository root (the directory with pnpm-workspace.yaml), from wherever synth runs. */
export function repoRoot(from = process.cwd()): string {
  let dir = from;
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = up;
  }
  return dir;
}

/**
 * NodejsFunction bundles with the local esbuild, never Docker. In this pnpm workspace it finds
 * esbuild and runs `pnpm exec esbuild`: put infra's bin directory first on PATH, and where no
 * `pnpm` is on PATH, infra/tools (whose `pnpm` runs only `pnpm exec`).
 */
export function useLocalEsbuild(root = repoRoot()): void {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const add = [join(root, "infra", "node_modules", ".bin")];
  if (!dirs.some((d) => existsSync(join(d, "pnpm")))) add.push(join(root, "infra", "tools"));
  process.env.PATH = [...add.filter((d) => !dirs.includes(d)), ...dirs].join(delimiter);
}
