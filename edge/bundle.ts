// `pnpm --filter @ringflow/edge bundle`: writes dist/edge.mjs (run it with `node dist/edge.mjs [flags]`).
import { join } from "node:path";
import { bundleEdge } from "./src/bundle.js";

const dir = process.cwd();
await bundleEdge({ entry: join(dir, "src", "main.ts"), outfile: join(dir, "dist", "edge.mjs") });
console.log(join("dist", "edge.mjs"));
