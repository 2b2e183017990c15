// The edge as one ES module for `node`: what a container runs (and what `pnpm bench edge`
// measures). Running from the TypeScript sources through tsx costs ~20% more CPU per call:
// its loader names every function it transpiles (a `__name` call wherever a closure is made,
// hot paths included). Workspace packages come from their sources (the export condition).
import { build } from "esbuild";

export interface BundleOptions {
  /** Entry module (TypeScript). */
  entry: string;
  /** The .mjs to write. */
  outfile: string;
}

export async function bundleEdge(o: BundleOptions): Promise<void> {
  await build({
    entryPoints: [o.entry],
    outfile: o.outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@ringflow/source"],
    sourcemap: "linked",
    // CommonJS dependencies (the AWS SDK's) still call require.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: "error",
  });
}
