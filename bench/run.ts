// `pnpm bench <name>` runs bench/src/<name>.bench.ts; with no name, lists what exists.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = join(process.cwd(), "bench", "src");
const available = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(/\.bench\.ts$/, ""));
const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("-"));

if (names.length === 0) {
  console.log(`usage: pnpm bench <${available.join("|")}> [--quick]`);
  process.exit(available.length > 0 ? 0 : 1);
}
let failed = 0;
for (const name of names) {
  const file = join(dir, `${name}.bench.ts`);
  if (!existsSync(file)) {
    console.error(`unknown bench "${name}"; have: ${available.join(", ")}`);
    process.exit(2);
  }
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=@ringflow/source", file, ...flags],
    { stdio: "inherit" },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
