import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// The import arrows of docs/architecture.md, checked on the source: which workspace packages each
// package may import (by specifier, subpaths included: `@ringflow/flow/protocol` is not
// `@ringflow/flow`), and which npm dependencies it declares without importing them anywhere.
// `pnpm test` runs this through arrows.test.ts, so a wrong arrow fails CI.

export interface PackageRule {
  /** Folder, from the repo root. */
  dir: string;
  /** Workspace specifiers it may import (exact, or a prefix ending in "/" for every subpath). */
  workspace: string[];
  /** Also allowed in its tests (`*.test.ts`, `test/`): end-to-end tests may drive the whole system. */
  testWorkspace?: string[];
  /** May it import npm packages at all (sip-core and names: node built-ins only)? */
  npm: boolean;
  /** Declared dependencies used without an import (tools run by name, type-only packages). */
  toolDeps?: string[];
}

const TESTKIT = "@ringflow/testkit";

export const RULES: PackageRule[] = [
  { dir: "packages/sip-core", workspace: [TESTKIT], npm: false },
  { dir: "packages/names", workspace: [], npm: false },
  { dir: "packages/media", workspace: [TESTKIT], npm: true },
  { dir: "packages/flow", workspace: [TESTKIT], npm: true },
  { dir: "packages/testkit", workspace: [], npm: false },
  {
    // The local stack starts the other parts by path; its end-to-end tests drive them all.
    dir: "packages/stack",
    // names: the local Invoke endpoint's secret file and signing names it shares with functions.
    workspace: [TESTKIT, "@ringflow/flow/protocol", "@ringflow/media", "@ringflow/names"],
    testWorkspace: ["@ringflow/edge", "@ringflow/functions"],
    npm: true,
  },
  {
    dir: "functions",
    workspace: [TESTKIT, "@ringflow/flow", "@ringflow/flow/", "@ringflow/media", "@ringflow/names"],
    npm: true,
    toolDeps: ["dynalite", "s3rver"],
  },
  {
    // Never the interpreter (`@ringflow/flow` itself) nor functions: the decision protocol only.
    dir: "edge",
    workspace: [
      TESTKIT,
      "@ringflow/sip-core",
      "@ringflow/sip-core/testing",
      "@ringflow/flow/protocol",
      "@ringflow/flow/trace",
      "@ringflow/names",
      "@ringflow/media",
    ],
    npm: true,
    toolDeps: ["esbuild", "tsx"],
  },
  {
    // Never functions nor edge: the API over HTTP.
    dir: "designer",
    workspace: [TESTKIT, "@ringflow/flow", "@ringflow/flow/", "@ringflow/names"],
    npm: true,
    toolDeps: ["vite", "@vitejs/plugin-react", "playwright-core"],
  },
  {
    // Deploys functions/ and edge/ by path; its tests run the functions' store on dynalite.
    dir: "infra",
    workspace: [TESTKIT, "@ringflow/names", "@ringflow/functions"],
    npm: true,
    toolDeps: ["esbuild", "tsx"],
  },
  {
    // Operator commands (keys, tenants, number grants) use the functions' store directly.
    dir: "packages/cli",
    workspace: [TESTKIT, "@ringflow/flow", "@ringflow/flow/", "@ringflow/sip-core", "@ringflow/functions"],
    npm: true,
  },
];

const SOURCE = /\.(m?ts|tsx|mjs)$/;
const IMPORT =
  /(?:^|[^.\w])(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|(?:^|[^.\w])import\s*\(\s*["']([^"']+)["']\s*\)|(?:^|[^.\w])import\s*["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    // arrows.test.ts holds sample imports as text
    else if (SOURCE.test(name) && !name.endsWith(".d.ts") && name !== "arrows.test.ts") out.push(p);
  }
  return out;
}

/** Every module specifier a file imports (static, dynamic, side-effect, require). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const s = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (s) out.push(s);
  }
  return out;
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

function allowed(rule: PackageRule, specifier: string, test: boolean): boolean {
  const ok = (w: string) => (w.endsWith("/") ? specifier.startsWith(w) : specifier === w);
  return rule.workspace.some(ok) || (test && (rule.testWorkspace ?? []).some(ok));
}

export interface Violation {
  file: string;
  specifier: string;
  why: string;
}

/** The wrong arrows and unused dependencies of every package, from the repo root. */
export function checkArrows(root: string, rules: PackageRule[] = RULES): Violation[] {
  const out: Violation[] = [];
  for (const rule of rules) {
    const dir = join(root, rule.dir);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const declared = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.devDependencies ?? {}),
    ]);
    const used = new Set<string>();
    for (const file of sourceFiles(dir)) {
      const rel = relative(root, file);
      for (const s of importsOf(readFileSync(file, "utf8"))) {
        if (s.startsWith(".") || s.startsWith("node:")) continue;
        const name = packageOf(s);
        used.add(name);
        if (name.startsWith("@ringflow/")) {
          if (!allowed(rule, s, isTest(rel)))
            out.push({ file: rel, specifier: s, why: `${rule.dir} may not import ${s}` });
        } else if (!rule.npm && !isBuiltin(name) && !isTest(rel)) {
          // Tests may use the workspace's test tools (fast-check, jest) from the root.
          out.push({ file: rel, specifier: s, why: `${rule.dir} imports node built-ins only` });
        }
      }
    }
    for (const dep of declared) {
      const typesOf = dep.startsWith("@types/") ? dep.slice(7).replace(/^(.+)__(.+)$/, "@$1/$2") : undefined;
      if (used.has(dep) || (typesOf !== undefined && used.has(typesOf)) || rule.toolDeps?.includes(dep))
        continue;
      out.push({
        file: `${rule.dir}/package.json`,
        specifier: dep,
        why: `${rule.dir} declares ${dep} but nothing imports it`,
      });
    }
  }
  return out;
}

const BUILTINS = new Set(
  "assert buffer child_process crypto dgram dns events fs http https net os path perf_hooks process stream timers tls url util worker_threads zlib readline module v8 vm string_decoder".split(
    " ",
  ),
);
function isTest(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || /(^|\/)test\//.test(file);
}

function isBuiltin(name: string): boolean {
  return BUILTINS.has(name.split("/")[0] as string);
}
